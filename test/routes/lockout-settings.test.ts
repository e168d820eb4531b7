/**
 * The per-account lockout through HTTP, beyond its defaults (test/routes/lockout.test.ts): one
 * counter for every spelling of an address (emails are trimmed and lower-cased before they are
 * counted), and LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_BASE and LOGIN_LOCKOUT_MAX as configured.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, PASSWORD, postJson, registerUser, type TestApp } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { throttleOf } from '../helpers/db.ts'

afterEach(() => vi.useRealTimers())

const WRONG = 'wrong password!'
const login = (app: TestApp, email: string, password = WRONG) =>
  postJson(app, '/auth/login', { email, password })

describe('per-account lockout', () => {
  it('counts case and whitespace variants of an email as one account', async () => {
    const app = await buildTestApp()
    const { email } = await registerUser(app)
    const [local, domain] = email.split('@') as [string, string]
    const variants = [
      email.toUpperCase(),
      `  ${email}`,
      `${email}\t`,
      `${local}@${domain.toUpperCase()}`,
      ` ${local.toUpperCase()}@${domain} `,
    ]
    for (const variant of variants) expect((await login(app, variant)).status).toBe(401)
    expect(await throttleOf(email)).toEqual({ failures: 5, locked: true })
    for (const variant of [email, ...variants]) {
      const res = await login(app, variant, PASSWORD)
      expect(res.status, JSON.stringify(variant)).toBe(429)
      expect(await res.json()).toMatchObject({ code: 'rate_limited' })
    }
  })

  it('follows LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_BASE and LOGIN_LOCKOUT_MAX', async () => {
    const app = await buildTestApp({
      env: { LOGIN_MAX_FAILURES: '2', LOGIN_LOCKOUT_BASE: '10', LOGIN_LOCKOUT_MAX: '40' },
    })
    const clock = freezeTime()
    const { email } = await registerUser(app)
    for (let i = 0; i < 2; i++) expect((await login(app, email)).status).toBe(401)
    let now = 0
    const waits: string[] = []
    for (let round = 0; round < 4; round++) {
      const locked = await login(app, email, PASSWORD)
      expect(locked.status).toBe(429)
      const wait = Number(locked.headers.get('retry-after'))
      waits.push(String(wait))
      now += wait
      clock.at(now)
      expect((await login(app, email)).status).toBe(401)
    }
    // 10 s after the 2nd failure, doubling with each further one, capped at 40 s.
    expect(waits).toEqual(['10', '20', '40', '40'])
    clock.at(now + 40)
    expect((await login(app, email, PASSWORD)).status).toBe(200)
  })
})
