/**
 * Every route that re-checks the password counts wrong ones in the login lockout (issue 10,
 * item 3): a stolen access token must not allow unlimited guesses at the password.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, PASSWORD, postJson, registerUser, type TestApp } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { registerPasskey } from '../helpers/passkey.ts'
import { enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())
const WRONG = 'wrong password!'

type Recheck = (currentPassword: string) => Response | Promise<Response>
/** A signed-in user, and the route under test as a function of the password it is sent. */
type Setup = (app: TestApp) => Promise<{ email: string; recheck: Recheck }>

const send = (app: TestApp, token: string, method: string, path: string, body: object) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const ROUTES: Record<string, Setup> = {
  'POST /auth/mfa/totp/setup': async (app) => {
    const { email, body } = await registerUser(app)
    return {
      email,
      recheck: (currentPassword) =>
        send(app, body.token, 'POST', '/auth/mfa/totp/setup', { currentPassword }),
    }
  },
  'DELETE /auth/mfa/totp': async (app) => {
    const { email, body } = await registerUser(app)
    await enrolTotp(app, body.token, PASSWORD)
    return {
      email,
      recheck: (currentPassword) =>
        send(app, body.token, 'DELETE', '/auth/mfa/totp', { currentPassword, code: '000000' }),
    }
  },
  'DELETE /auth/passkeys/{id}': async (app) => {
    const { email, body } = await registerUser(app)
    const { credentialId } = await registerPasskey(app, body.token)
    return {
      email,
      recheck: (currentPassword) =>
        send(app, body.token, 'DELETE', `/auth/passkeys/${credentialId}`, { currentPassword }),
    }
  },
  'POST /auth/email/change': async (app) => {
    const { email, body } = await registerUser(app)
    const newEmail = `moved-${crypto.randomUUID()}@example.com`
    return {
      email,
      recheck: (currentPassword) =>
        send(app, body.token, 'POST', '/auth/email/change', { newEmail, currentPassword }),
    }
  },
  'DELETE /auth/account': async (app) => {
    const { email, body } = await registerUser(app)
    return {
      email,
      recheck: (currentPassword) =>
        send(app, body.token, 'DELETE', '/auth/account', { currentPassword }),
    }
  },
}

describe.each(Object.entries(ROUTES))('%s', (_route, setup) => {
  it('5 wrong passwords lock the account: the route and login refuse the right one', async () => {
    const clock = freezeTime()
    const app = await buildTestApp()
    const { email, recheck } = await setup(app)
    for (let i = 0; i < 5; i++) {
      const res = await recheck(WRONG)
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ code: 'invalid_credentials' })
    }
    const locked = await recheck(PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBe('30')
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(login.status).toBe(429)
    clock.at(31)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).not.toBe(429)
  })
})
