import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { ON_POSTGRES } from '../helpers/backend.ts'
import { freezeTime } from '../helpers/clock.ts'
import { query, throttleOf } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const login = (email: string, password: string) => postJson(app, '/auth/login', { email, password })
const WRONG = 'wrong password!'

async function failTimes(email: string, times: number) {
  for (let i = 0; i < times; i++) expect((await login(email, WRONG)).status).toBe(401)
}

describe('per-account lockout (LOGIN_MAX_FAILURES=5, 30 s doubling to 15 min)', () => {
  it('locks after 5 failures, refuses even the right password, then lets it in and resets', async () => {
    const clock = freezeTime()
    const { email } = await registerUser(app)
    await failTimes(email, 5)
    const locked = await login(email, PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('30')
    expect(await locked.json()).toEqual({
      error: 'Too many attempts; try again later',
      code: 'rate_limited',
    })
    clock.at(29)
    expect((await login(email, PASSWORD)).status).toBe(429)
    clock.at(31)
    expect((await login(email, PASSWORD)).status).toBe(200)
    expect(await throttleOf(email)).toBeUndefined()
    await failTimes(email, 4) // the count starts again from zero
    expect((await login(email, PASSWORD)).status).toBe(200)
  })

  it('doubles the delay with each further failure, up to the cap', async () => {
    const clock = freezeTime()
    let now = 0
    const email = uniqueEmail('backoff')
    await failTimes(email, 5)
    const seen: string[] = []
    for (let round = 0; round < 7; round++) {
      const res = await login(email, WRONG)
      expect(res.status).toBe(429)
      const wait = Number(res.headers.get('retry-after'))
      seen.push(String(wait))
      now += wait
      clock.at(now)
      expect((await login(email, WRONG)).status).toBe(401)
    }
    expect(seen).toEqual(['30', '60', '120', '240', '480', '900', '900'])
  })

  it('treats unknown emails exactly like real ones: same statuses, bodies and delays', async () => {
    freezeTime()
    const real = (await registerUser(app)).email
    const unknown = uniqueEmail('ghost')
    const answers = async (email: string) => {
      const out: unknown[] = []
      for (let i = 0; i < 6; i++) {
        const res = await login(email, WRONG)
        out.push([res.status, res.headers.get('retry-after'), await res.json()])
      }
      return out
    }
    expect(await answers(unknown)).toEqual(await answers(real))
  })

  it('refuses locked attempts before any hashing', async () => {
    const email = uniqueEmail('nohash')
    await failTimes(email, 5)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    expect((await login(email, WRONG)).status).toBe(429)
    expect(derive).not.toHaveBeenCalled()
  })
})

// Races need a database that runs statements concurrently (test/helpers/backend.ts).
describe.skipIf(!ON_POSTGRES)('concurrency', () => {
  it('50 parallel wrong-password logins: 401 or 429 only, no lost update, locked at the end', async () => {
    const { email } = await registerUser(app)
    const responses = await Promise.all(Array.from({ length: 50 }, () => login(email, WRONG)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
    const evaluated = statuses.filter((s) => s === 401).length
    expect(evaluated).toBe(5)
    expect(await throttleOf(email)).toEqual({ failures: evaluated, locked: true })
    expect((await login(email, PASSWORD)).status).toBe(429)
  })

  it('50 parallel registrations of one email in mixed case: one 201, the rest 409, one row', async () => {
    const email = uniqueEmail('race')
    const variants = Array.from({ length: 50 }, (_, i) =>
      [...email].map((ch, j) => ((i >> (j % 6)) & 1 ? ch.toUpperCase() : ch)).join(''),
    )
    const responses = await Promise.all(
      variants.map((variant) =>
        postJson(app, '/auth/register', { email: variant, password: PASSWORD }),
      ),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const { usersWithEmail } = await import('../helpers/db.ts')
    expect(await usersWithEmail(email)).toHaveLength(1)
  })
})

describe('every re-checked password counts in the same lockout', () => {
  it('/auth/password: wrong current passwords lock the account, for login too', async () => {
    const clock = freezeTime()
    const { email, body } = await registerUser(app)
    const change = (currentPassword: string) =>
      postJson(
        app,
        '/auth/password',
        { currentPassword, newPassword: 'another correct battery staple' },
        { authorization: `Bearer ${body.token}` },
      )
    for (let i = 0; i < 5; i++) {
      const res = await change(WRONG)
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ code: 'invalid_credentials' })
    }
    const locked = await change(PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('30')
    expect((await login(email, PASSWORD)).status).toBe(429)
    clock.at(31)
    expect((await change(PASSWORD)).status).toBe(200)
    expect(await throttleOf(email)).toBeUndefined()
  })

  it('keys the counter by an HMAC of the email under LOCKOUT_SECRET, not a plain hash', async () => {
    const email = uniqueEmail('keyed')
    await failTimes(email, 1)
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email))
    const sha256 = btoa(String.fromCharCode(...new Uint8Array(digest)))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    const [plain] = await query('select 1 from login_throttles where email_hash = $1', [sha256])
    expect(plain).toBeUndefined()
    expect(await throttleOf(email)).toEqual({ failures: 1, locked: false })
  })
})
