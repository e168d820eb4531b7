/**
 * What a passkey and a ceremony challenge are bound to (issue 14, items 1 and 4): a credential
 * to the one user who registered it, a challenge to its user and its five minutes. Each test
 * fails when its binding is removed (test/mutants/mutants.ts).
 */
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { b64url } from '../../src/auth/base64.ts'
import { userHandleOf } from '../../src/auth/passkey-assertion.ts'
import {
  buildTestApp,
  PASSWORD,
  postJson,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import {
  bearer,
  creationOptions,
  credentialFor,
  ORIGIN,
  RP_ID,
  requestOptions,
  signInWith,
  withPasskey,
} from '../helpers/passkeys.ts'
import { type SoftCredential, softAssert } from '../helpers/soft-authenticator.ts'
import { enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())
/** The promised lifetime of a challenge (README), not read from the code it checks. */
const CHALLENGE_TTL = 5 * 60

const register = (app: TestApp, token: string, response: unknown) =>
  postJson(app, '/auth/passkeys/register', { response }, bearer(token))

/** The password step of a TOTP user: the mfaToken of the 403. */
async function mfaTokenOf(app: TestApp, email: string): Promise<string> {
  const res = await postJson(app, '/auth/login', { email, password: PASSWORD })
  expect(res.status).toBe(403)
  return ((await res.json()) as { details: { mfaToken: string } }).details.mfaToken
}

/** `POST /auth/login/mfa` with `credential`'s assertion over the options for that mfaToken. */
async function secondStepWith(app: TestApp, mfaToken: string, credential: SoftCredential) {
  const { challenge } = await requestOptions(app, { mfaToken })
  const passkey = await softAssert(credential, { challenge, origin: ORIGIN, rpId: RP_ID })
  return postJson(app, '/auth/login/mfa', { mfaToken, passkey })
}

const subjectOf = async (res: Response) => decodeJwt(((await res.json()) as SessionBody).token).sub

describe('a passkey belongs to the user who registered it', () => {
  it('another user’s passkey neither completes this user’s second step nor signs in as them', async () => {
    const app = await buildTestApp()
    const a = await registerUser(app)
    await enrolTotp(app, a.body.token, PASSWORD)
    const b = await withPasskey(app)
    const mfaToken = await mfaTokenOf(app, a.email)
    const stolen = await secondStepWith(app, mfaToken, b.credential)
    expect(stolen.status).toBe(401)
    expect(await stolen.json()).toMatchObject({ code: 'invalid_credentials' })

    // Discoverable: B's passkey claiming A's user handle is refused; without, it is B who signs in.
    const aHandle = b64url(userHandleOf(a.body.user.id))
    expect((await signInWith(app, b.credential, { userHandle: aHandle })).status).toBe(401)
    const own = await signInWith(app, b.credential)
    expect(own.status).toBe(200)
    expect(await subjectOf(own)).toBe(b.body.user.id)
  })

  it('a known credential id is refused, for another user and for its owner', async () => {
    const app = await buildTestApp()
    const a = await withPasskey(app)
    const b = await registerUser(app)
    for (const who of [b.body.token, a.body.token]) {
      const again = await credentialFor(await creationOptions(app, who), { reuse: a.credential })
      expect(again.response.id).toBe(a.passkeyId)
      const res = await register(app, who, again.response)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({
        code: 'passkey_refused',
        details: { reason: 'already_registered' },
      })
    }
    const list = await app.request('/auth/passkeys', { headers: bearer(b.body.token) })
    expect(await list.json()).toEqual({ passkeys: [] })
    const signedIn = await signInWith(app, a.credential)
    expect(await subjectOf(signedIn)).toBe(a.body.user.id)
  })
})

describe('a ceremony challenge', () => {
  it(`expires ${CHALLENGE_TTL} seconds after it was issued, for registration and sign-in`, async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const clock = freezeTime()
    const late = await credentialFor(await creationOptions(app, body.token))
    clock.at(CHALLENGE_TTL + 1)
    const expired = await register(app, body.token, late.response)
    expect(expired.status).toBe(400)
    expect(await expired.json()).toMatchObject({ details: { reason: 'challenge_mismatch' } })
    const { response, credential } = await credentialFor(await creationOptions(app, body.token))
    clock.at(2 * CHALLENGE_TTL - 1)
    expect((await register(app, body.token, response)).status).toBe(201)

    const { challenge } = await requestOptions(app)
    const ceremony = { challenge, origin: ORIGIN, rpId: RP_ID }
    const signIn = async () =>
      postJson(app, '/auth/passkeys/login', { response: await softAssert(credential, ceremony) })
    clock.at(3 * CHALLENGE_TTL)
    expect((await signIn()).status).toBe(401)
    const fresh = await requestOptions(app)
    clock.at(4 * CHALLENGE_TTL - 2)
    const response2 = await softAssert(credential, { ...ceremony, challenge: fresh.challenge })
    expect((await postJson(app, '/auth/passkeys/login', { response: response2 })).status).toBe(200)
  })

  it('works only for the user it was issued for', async () => {
    const app = await buildTestApp()
    const a = await withPasskey(app)
    const b = await registerUser(app)
    // A's creation challenge, answered by B's session: refused, and still A's to use.
    const forA = await credentialFor(await creationOptions(app, a.body.token))
    const refused = await register(app, b.body.token, forA.response)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ details: { reason: 'challenge_mismatch' } })
    expect((await register(app, a.body.token, forA.response)).status).toBe(201)

    // Sign-in: a challenge issued for A's second step is no discoverable challenge, and the
    // reverse: each is refused where the other was meant to be used.
    await enrolTotp(app, a.body.token, PASSWORD)
    const mfaToken = await mfaTokenOf(app, a.email)
    const forStep = await requestOptions(app, { mfaToken })
    const ceremony = { challenge: forStep.challenge, origin: ORIGIN, rpId: RP_ID }
    const response = await softAssert(a.credential, ceremony)
    expect((await postJson(app, '/auth/passkeys/login', { response })).status).toBe(401)
    const anyone = await requestOptions(app)
    const passkey = await softAssert(a.credential, { ...ceremony, challenge: anyone.challenge })
    expect((await postJson(app, '/auth/login/mfa', { mfaToken, passkey })).status).toBe(401)
    expect((await secondStepWith(app, mfaToken, a.credential)).status).toBe(200)
  })
})
