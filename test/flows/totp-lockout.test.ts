/**
 * Wrong second-factor codes count in the per-account lockout on every route that asks for one,
 * also after a right password (outside review of issue 13: a right password cleared the count
 * before the code was checked, so the session and the password bought unlimited code guesses).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, PASSWORD, postJson, registerUser, type TestApp } from '../helpers/app.ts'
import { type FrozenClock, freezeTime } from '../helpers/clock.ts'
import { throttleOf } from '../helpers/db.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})
afterEach(() => vi.useRealTimers())

/** LOGIN_MAX_FAILURES in the test environment (wrangler.toml). */
const MAX_FAILURES = 5
/** A well-formed recovery code that is nobody's (25 Crockford base32 characters). */
const NOBODYS_RECOVERY_CODE = 'zzzzz-zzzzz-zzzzz-zzzzz-zzzzz'

/** Six digits the app shows at none of the steps the server accepts now (RFC 6238 ±1 step). */
async function wrongCode(secret: string): Promise<string> {
  const now = Date.now()
  const near = await Promise.all([-30_000, 0, 30_000].map((d) => codeAt(secret, now + d)))
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0')
    if (!near.includes(code)) return code
  }
}

interface Route {
  name: string
  /** The status a wrong code answers. */
  wrong: number
  ok: number
  send(token: string, factor: Record<string, string>): Response | Promise<Response>
}

const send = (method: string, path: string, body: object) => (token: string, factor: object) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, ...factor }),
  })

const ROUTES: Route[] = [
  {
    name: 'DELETE /auth/mfa/totp',
    wrong: 400,
    ok: 204,
    send: send('DELETE', '/auth/mfa/totp', { currentPassword: PASSWORD }),
  },
  {
    name: 'POST /auth/password',
    wrong: 401,
    ok: 200,
    send: send('POST', '/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'another correct battery staple',
    }),
  },
  {
    name: 'POST /auth/email/change',
    wrong: 401,
    ok: 202,
    send: (token, factor) =>
      send('POST', '/auth/email/change', {
        currentPassword: PASSWORD,
        newEmail: `moved-${crypto.randomUUID()}@example.com`,
      })(token, factor),
  },
  {
    name: 'DELETE /auth/account',
    wrong: 401,
    ok: 204,
    send: send('DELETE', '/auth/account', { currentPassword: PASSWORD }),
  },
]

async function totpUser(clock: FrozenClock) {
  const { email, body } = await registerUser(app)
  const { secret, recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
  clock.at(30) // past the step the enrolment used
  return { email, token: body.token, secret, recoveryCodes }
}

const loginStatus = async (email: string) =>
  (await postJson(app, '/auth/login', { email, password: PASSWORD })).status

describe('a right password with a wrong code is a failed attempt', () => {
  it.each(ROUTES)('$name: wrong codes lock the account, for login too', async (route) => {
    const clock = freezeTime()
    const { email, token, secret } = await totpUser(clock)
    const code = await wrongCode(secret)
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await route.send(token, { code })).status).toBe(route.wrong)
    const locked = await route.send(token, { code: await codeAt(secret) })
    expect(locked.status).toBe(429)
    expect(await locked.json()).toMatchObject({ code: 'rate_limited' })
    expect(locked.headers.get('retry-after')).toBe('30')
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(login.status).toBe(429)
    expect(login.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it.each(ROUTES)('$name: a right password and a right code clear the count', async (route) => {
    const clock = freezeTime()
    const { email, token, secret } = await totpUser(clock)
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect((await route.send(token, { code: await wrongCode(secret) })).status).toBe(route.wrong)
    expect(await throttleOf(email)).toMatchObject({ failures: MAX_FAILURES - 1, locked: false })
    expect((await route.send(token, { code: await codeAt(secret) })).status).toBe(route.ok)
    expect(await throttleOf(email)).toBeUndefined()
  })

  it('wrong recovery codes count the same; a right password without a code is not a success', async () => {
    const clock = freezeTime()
    const { email, token, secret } = await totpUser(clock)
    const change = ROUTES[1] as Route
    // 403 mfa_required after a right password leaves the attempt counted, as at login.
    expect((await change.send(token, {})).status).toBe(403)
    expect(await throttleOf(email)).toMatchObject({ failures: 1 })
    for (let i = 1; i < MAX_FAILURES; i++)
      expect((await change.send(token, { recoveryCode: NOBODYS_RECOVERY_CODE })).status).toBe(401)
    expect((await change.send(token, { code: await codeAt(secret) })).status).toBe(429)
    expect(await loginStatus(email)).toBe(429)
  })

  it('wrong codes at the confirm step count too', async () => {
    freezeTime()
    const { email, body } = await registerUser(app)
    const auth = { authorization: `Bearer ${body.token}` }
    const setup = await postJson(app, '/auth/mfa/totp/setup', { currentPassword: PASSWORD }, auth)
    const { secret } = (await setup.json()) as { secret: string }
    const confirm = async (code: string) =>
      (await postJson(app, '/auth/mfa/totp/confirm', { code }, auth)).status
    expect(await confirm(await wrongCode(secret))).toBe(400)
    expect(await throttleOf(email)).toMatchObject({ failures: 1 })
    expect(await confirm(await codeAt(secret))).toBe(200)
    expect(await throttleOf(email)).toBeUndefined() // the password at setup, the code now
    const again = await postJson(app, '/auth/mfa/totp/setup', { currentPassword: PASSWORD }, auth)
    expect(again.status).toBe(409)
    // With TOTP on there is nothing to confirm: every try is a failure.
    for (let i = 0; i < MAX_FAILURES; i++) expect(await confirm(await wrongCode(secret))).toBe(400)
    expect(await confirm(await codeAt(secret))).toBe(429)
    expect(await loginStatus(email)).toBe(429)
  })
})
