/**
 * Database round trips per request of the second-factor routes: TOTP enrolment, the second step
 * of a password login (TOTP, recovery code, passkey), and passkeys. Each count is part of the
 * route's contract (roundTrips in test/helpers/db.ts); the account routes are in
 * round-trips-accounts.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { b64decode } from '../../src/auth/base64.ts'
import { buildTestApp, PASSWORD, postJson, registerUser, type TestApp } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { roundTrips } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'
import { softAssert, softRegister } from '../helpers/soft-authenticator.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

const CEREMONY = { origin: 'http://localhost:8787', rpId: 'localhost' }
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp({ outbox: captureMail() })
})
afterEach(() => vi.useRealTimers())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const withBody = (method: string, token: string, body: unknown) => ({
  method,
  headers: { ...bearer(token), 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
/** The password step of a user with a second factor: its mfaToken. */
async function mfaTokenOf(email: string): Promise<string> {
  const res = await postJson(app, '/auth/login', { email, password: PASSWORD })
  expect(res.status).toBe(403)
  return ((await res.json()) as { details: { mfaToken: string } }).details.mfaToken
}

describe('TOTP: round trips per request (neon-http)', () => {
  it('setup 4, confirm 5, recovery codes 6, off 6', async () => {
    const clock = freezeTime()
    const { body } = await registerUser(app)
    const auth = bearer(body.token)
    let secret = ''
    const setup = async () => {
      const res = await postJson(app, '/auth/mfa/totp/setup', { currentPassword: PASSWORD }, auth)
      secret = ((await res.clone().json()) as { secret: string }).secret
      return res
    }
    expect(await roundTrips(setup)).toEqual({ status: 200, trips: 4 })
    const code = await codeAt(secret)
    // The code is counted in the lockout and the count cleared on success (issue 13): 3 + 2.
    expect(await roundTrips(() => postJson(app, '/auth/mfa/totp/confirm', { code }, auth))).toEqual(
      { status: 200, trips: 5 },
    )
    clock.at(30) // each 30-second step is accepted once
    const fresh = { code: await codeAt(secret) }
    expect(await roundTrips(() => postJson(app, '/auth/mfa/recovery-codes', fresh, auth))).toEqual({
      status: 200,
      trips: 6,
    })
    clock.at(60)
    const off = withBody('DELETE', body.token, {
      currentPassword: PASSWORD,
      code: await codeAt(secret),
    })
    // Password and code are one attempt, cleared once both passed (issue 13): 8 - 2.
    expect(await roundTrips(() => app.request('/auth/mfa/totp', off))).toEqual({
      status: 204,
      trips: 6,
    })
  })

  it('password step 2 (403 mfa_required); then a TOTP code 6, or a recovery code 5', async () => {
    const clock = freezeTime()
    const { email, body } = await registerUser(app)
    const { secret, recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
    clock.at(30)
    const login = () => postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(await roundTrips(login)).toEqual({ status: 403, trips: 2 })
    const step = { mfaToken: await mfaTokenOf(email), code: await codeAt(secret) }
    expect(await roundTrips(() => postJson(app, '/auth/login/mfa', step))).toEqual({
      status: 200,
      trips: 6,
    })
    const recovery = { mfaToken: await mfaTokenOf(email), recoveryCode: recoveryCodes[0] }
    expect(await roundTrips(() => postJson(app, '/auth/login/mfa', recovery))).toEqual({
      status: 200,
      trips: 5,
    })
  })
})

describe('passkeys: round trips per request (neon-http)', () => {
  it('register: options 5 (the password re-checked), verify 3; list 2, rename 2, remove 4', async () => {
    const { body } = await registerUser(app)
    const auth = bearer(body.token)
    let challenge = ''
    const options = async () => {
      const res = await postJson(
        app,
        '/auth/passkeys/register/options',
        { currentPassword: PASSWORD },
        auth,
      )
      challenge = ((await res.clone().json()) as { challenge: string }).challenge
      return res
    }
    // The session, the lockout counted and cleared (the password), the passkeys, the challenge.
    expect(await roundTrips(options)).toEqual({ status: 200, trips: 5 })
    const { response } = await softRegister({ challenge, ...CEREMONY })
    const register = () => postJson(app, '/auth/passkeys/register', { response }, auth)
    expect(await roundTrips(register)).toEqual({ status: 201, trips: 3 })
    const one = `/auth/passkeys/${response.id}`
    expect(await roundTrips(() => app.request('/auth/passkeys', { headers: auth }))).toEqual({
      status: 200,
      trips: 2,
    })
    const rename = withBody('PATCH', body.token, { name: 'Work laptop' })
    expect(await roundTrips(() => app.request(one, rename))).toEqual({ status: 200, trips: 2 })
    const remove = withBody('DELETE', body.token, { currentPassword: PASSWORD })
    expect(await roundTrips(() => app.request(one, remove))).toEqual({ status: 204, trips: 4 })
  })

  it('sign in: options 1 (with or without an email), verify 4; as a second step 3 and 7', async () => {
    const { email, body } = await registerUser(app)
    const auth = bearer(body.token)
    const created = await postJson(
      app,
      '/auth/passkeys/register/options',
      { currentPassword: PASSWORD },
      auth,
    )
    const { challenge, user } = (await created.json()) as {
      challenge: string
      user: { id: string }
    }
    const { response, credential } = await softRegister({ challenge, ...CEREMONY })
    credential.userHandle = b64decode(user.id) ?? new Uint8Array()
    expect((await postJson(app, '/auth/passkeys/register', { response }, auth)).status).toBe(201)
    let asked = ''
    const options = (input: Record<string, string>) => async () => {
      const res = await postJson(app, '/auth/passkeys/login/options', input)
      asked = ((await res.clone().json()) as { challenge: string }).challenge
      return res
    }
    expect(await roundTrips(options({ email }))).toEqual({ status: 200, trips: 1 })
    expect(await roundTrips(options({}))).toEqual({ status: 200, trips: 1 })
    const signed = await softAssert(credential, { challenge: asked, ...CEREMONY })
    const login = () => postJson(app, '/auth/passkeys/login', { response: signed })
    expect(await roundTrips(login)).toEqual({ status: 200, trips: 4 })

    await enrolTotp(app, body.token, PASSWORD)
    const mfaToken = await mfaTokenOf(email)
    expect(await roundTrips(options({ mfaToken }))).toEqual({ status: 200, trips: 3 })
    const passkey = await softAssert(credential, { challenge: asked, ...CEREMONY })
    const step = () => postJson(app, '/auth/login/mfa', { mfaToken, passkey })
    expect(await roundTrips(step)).toEqual({ status: 200, trips: 7 })
  })
})
