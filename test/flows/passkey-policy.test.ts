/**
 * The passkey policy (issue 14 review, GAPS 1-2): a passkey signs in without the password or a
 * TOTP code, so adding one takes the password (and a code when TOTP is on), the owner is mailed,
 * and a passkey that is the only factor of a sign-in must verify its user (UV).
 */
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderMail } from '../../src/mail/render-mail.ts'
import { buildTestApp, PASSWORD, postJson, registerUser, type SessionBody } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { captureMail } from '../helpers/mail.ts'
import {
  bearer,
  credentialFor,
  ORIGIN,
  RP_ID,
  requestOptions,
  signInWith,
  withPasskey,
} from '../helpers/passkeys.ts'
import { softAssert } from '../helpers/soft-authenticator.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())
const WRONG = 'not the password at all'

describe('adding a passkey re-authenticates the user', () => {
  it('an access token alone gets no creation options; wrong passwords count in the lockout', async () => {
    const app = await buildTestApp()
    const clock = freezeTime()
    const { email, body } = await registerUser(app)
    const options = (input: unknown) =>
      postJson(app, '/auth/passkeys/register/options', input, bearer(body.token))
    const none = await options({})
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({ code: 'validation_failed' })
    for (let i = 0; i < 5; i++) {
      const res = await options({ currentPassword: WRONG })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ code: 'invalid_credentials' })
    }
    expect((await options({ currentPassword: PASSWORD })).status).toBe(429)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(429)
    clock.at(31)
    expect((await options({ currentPassword: PASSWORD })).status).toBe(200)
  })

  it('with TOTP on, the options also take a code: 403 mfa_required without, 401 for a wrong one', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email, body } = await registerUser(app)
    const { secret, recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
    const options = (input: Record<string, string>) =>
      postJson(
        app,
        '/auth/passkeys/register/options',
        { currentPassword: PASSWORD, ...input },
        bearer(body.token),
      )
    const passwordOnly = await options({})
    expect(passwordOnly.status).toBe(403)
    const refused = await passwordOnly.json()
    expect(refused).toMatchObject({
      code: 'mfa_required',
      details: { methods: ['totp', 'recovery_code'] },
    })
    expect(refused).not.toHaveProperty('details.mfaToken') // this is no login
    expect((await options({ code: '000000' })).status).toBe(401)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 30_000) // the enrolment used this step's code
    const withCode = await options({ code: await codeAt(secret) })
    expect(withCode.status).toBe(200)
    const withRecovery = await options({ recoveryCode: recoveryCodes[0] ?? '' })
    expect(withRecovery.status).toBe(200)
    const { response } = await credentialFor(await withRecovery.json())
    const res = await postJson(app, '/auth/passkeys/register', { response }, bearer(body.token))
    expect(res.status).toBe(201)
    expect(mail.to(email).filter((m) => m.kind === 'passkey_added')).toHaveLength(1)
  })

  it('mails the account a notice without a link or the passkey’s name', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email } = await withPasskey(app) // named 'Laptop'
    const sent = mail.to(email).filter((m) => m.kind === 'passkey_added')
    expect(sent).toEqual([{ kind: 'passkey_added', to: email, name: null }])
    const settings = { appUrl: ORIGIN, from: { name: 'Acme Login', email: 'auth@acme.example' } }
    const { subject, text } = renderMail(sent[0] as (typeof sent)[number], settings)
    expect(subject).toBe('A passkey was added to your Acme Login account')
    expect(text).not.toMatch(/Laptop|https?:/)
  })
})

describe('a passkey that is the only factor must verify its user', () => {
  it('discoverable sign-in asks for UV and refuses an assertion without it; amr says mfa', async () => {
    const app = await buildTestApp()
    const { credential } = await withPasskey(app)
    expect((await requestOptions(app)).userVerification).toBe('required')
    const presenceOnly = await signInWith(app, credential, { flags: { uv: false } })
    expect(presenceOnly.status).toBe(401)
    expect(await presenceOnly.json()).toMatchObject({ code: 'invalid_credentials' })
    const verified = await signInWith(app, credential)
    expect(verified.status).toBe(200)
    const { token } = (await verified.json()) as SessionBody
    expect(decodeJwt(token).amr).toEqual(['hwk', 'user', 'mfa'])
  })

  it('after the password (the second step), possession is enough: UV preferred, not required', async () => {
    const app = await buildTestApp()
    const { email, body, credential } = await withPasskey(app)
    await enrolTotp(app, body.token, PASSWORD)
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    const { mfaToken } = ((await login.json()) as { details: { mfaToken: string } }).details
    const options = await requestOptions(app, { mfaToken })
    expect(options.userVerification).toBe('preferred')
    const ceremony = { challenge: options.challenge, origin: ORIGIN, rpId: RP_ID }
    const passkey = await softAssert(credential, ceremony, { flags: { uv: false } })
    const res = await postJson(app, '/auth/login/mfa', { mfaToken, passkey })
    expect(res.status).toBe(200)
    expect(decodeJwt(((await res.json()) as SessionBody).token).amr).toEqual(['pwd', 'hwk', 'mfa'])
  })
})
