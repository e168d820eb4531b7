/**
 * The client's second step, mailed links, passkeys and account deletion against the real app
 * (app.request as its fetch), in cookie mode: each signs in by adopting the pair it is answered.
 */
import { describe, expect, it } from 'vitest'
import { createAuthClient, isMfaRequired, unwrap } from '../../src/client.ts'
import { buildTestApp, PASSWORD, uniqueEmail } from '../helpers/app.ts'
import { captureMail } from '../helpers/mail.ts'
import { codeAt } from '../helpers/totp.ts'
import { cookieJarFetch } from './cookie-jar.ts'
import { softWebAuthn } from './soft-webauthn.ts'

const BASE = 'http://localhost:8787'
const COOKIE_ENV = { AUTH_COOKIE: 'on', CORS_ORIGINS: 'http://localhost:5173' }
const STEP_MS = 30_000

async function setUp() {
  const mail = captureMail()
  const app = await buildTestApp({ env: COOKIE_ENV, outbox: mail })
  const jar = cookieJarFetch(app, BASE)
  const webauthn = softWebAuthn(BASE)
  /** Another page of the same browser (shared cookies), or of another browser (`otherJar`). */
  const newClient = (otherJar = false) => {
    const { fetch } = otherJar ? cookieJarFetch(app, BASE) : jar
    return createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch, webauthn })
  }
  const client = newClient()
  const email = uniqueEmail('client-flow')
  await client.register({ email, password: PASSWORD })
  return { mail, jar, webauthn, client, newClient, email }
}

/** Turns TOTP on through the typed api; the secret. Codes: this step for confirm, later ones after. */
async function enrolTotp(client: ReturnType<typeof createAuthClient>) {
  const { secret } = await unwrap(
    client.api.auth.mfa.totp.setup.$post({ json: { currentPassword: PASSWORD } }),
  )
  const code = await codeAt(secret)
  const { recoveryCodes } = await unwrap(client.api.auth.mfa.totp.confirm.$post({ json: { code } }))
  return { secret, recoveryCodes }
}

describe('the client against the app: second step, links, passkeys, deletion', () => {
  it('login answers mfa_required; completeMfa with a code or a recovery code signs in', async () => {
    const { client, newClient, email } = await setUp()
    const { secret, recoveryCodes } = await enrolTotp(client)
    await client.logout()
    const error = await client.login({ email, password: PASSWORD }).catch((e: unknown) => e)
    if (!isMfaRequired(error) || !error.details.mfaToken) throw new Error('expected mfa_required')
    expect(error.details.methods).toEqual(['totp', 'recovery_code'])
    expect(client.state).toBeNull()
    // The confirm used this step's code; the next step's is inside the server's window.
    const code = await codeAt(secret, Date.now() + STEP_MS)
    const state = await client.completeMfa({ mfaToken: error.details.mfaToken, code })
    expect(state.user.email).toBe(email)
    expect((await newClient().refresh()).user.email).toBe(email) // the cookie was set

    const second = newClient()
    const again = await second.login({ email, password: PASSWORD }).catch((e: unknown) => e)
    if (!isMfaRequired(again) || !again.details.mfaToken) throw new Error('expected mfa_required')
    const recoveryCode = recoveryCodes[0] ?? ''
    await second.completeMfa({ mfaToken: again.details.mfaToken, recoveryCode })
    expect(second.state?.user.email).toBe(email)
  })

  it('resetPassword asks for the code when TOTP is on, then signs in with the new password', async () => {
    const { client, newClient, mail, email } = await setUp()
    const { secret } = await enrolTotp(client)
    await unwrap(client.api.auth.password.forgot.$post({ json: { email } }))
    const token = mail.tokenOf('reset_password', email)
    const reset = newClient(true) // the mail opened in another browser
    const input = { token, newPassword: 'a brand new passphrase' }
    const error = await reset.resetPassword(input).catch((e: unknown) => e)
    expect(isMfaRequired(error)).toBe(true)
    expect(error).toMatchObject({ details: { methods: ['totp', 'recovery_code'] } })
    const code = await codeAt(secret, Date.now() + STEP_MS)
    expect((await reset.resetPassword({ ...input, code })).user.email).toBe(email)
    await expect(client.refresh()).rejects.toMatchObject({ status: 401 }) // every other session ended
    await expect(reset.resetPassword({ ...input, code })).rejects.toMatchObject({
      code: 'invalid_link',
    })
  })

  it('verifyEmail uses the link mailed at sign-up: verified and signed in', async () => {
    const { newClient, mail, email } = await setUp()
    const page = newClient()
    const state = await page.verifyEmail(mail.tokenOf('verify_email', email))
    expect(state.user.email).toBe(email)
    expect(await page.me()).toMatchObject({ email, emailVerified: true })
    await expect(page.verifyEmail('not-a-token')).rejects.toMatchObject({ code: 'invalid_link' })
  })

  it('with verification required, register answers verification_sent; the link signs in', async () => {
    const mail = captureMail()
    const env = { ...COOKIE_ENV, REQUIRE_EMAIL_VERIFICATION: 'on' }
    const app = await buildTestApp({ env, outbox: mail })
    const client = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: cookieJarFetch(app, BASE).fetch,
    })
    const email = uniqueEmail('pending')
    expect(await client.register({ email, password: PASSWORD })).toEqual({
      status: 'verification_sent',
    })
    expect(client.state).toBeNull()
    await expect(client.login({ email, password: PASSWORD })).rejects.toMatchObject({
      code: 'email_unverified',
    })
    expect((await client.verifyEmail(mail.tokenOf('verify_email', email))).user.email).toBe(email)
  })

  it('registerPasskey after the password (and a code with TOTP on), loginWithPasskey, and a passkey as the second step', async () => {
    const { client, newClient, webauthn, email, mail } = await setUp()
    const wrong = client.registerPasskey({ currentPassword: 'not the password', name: 'Laptop' })
    await expect(wrong).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' })
    expect(webauthn.credentials).toHaveLength(0) // refused before the browser was asked
    const passkey = await client.registerPasskey({ currentPassword: PASSWORD, name: 'Laptop' })
    expect(passkey).toMatchObject({ name: 'Laptop' })
    expect(mail.to(email).map((m) => m.kind)).toContain('passkey_added')
    const fresh = newClient()
    expect((await fresh.loginWithPasskey()).user.email).toBe(email)

    const { recoveryCodes } = await enrolTotp(fresh)
    const noCode = fresh.registerPasskey({ currentPassword: PASSWORD })
    await expect(noCode).rejects.toMatchObject({ status: 403, code: 'mfa_required' })
    const recoveryCode = recoveryCodes[0] ?? ''
    await fresh.registerPasskey({ currentPassword: PASSWORD, recoveryCode, name: 'Phone' })
    expect(webauthn.credentials).toHaveLength(2)
    const third = newClient()
    const error = await third.login({ email, password: PASSWORD }).catch((e: unknown) => e)
    if (!isMfaRequired(error) || !error.details.mfaToken) throw new Error('expected mfa_required')
    expect(error.details.methods).toContain('webauthn')
    await third.completeMfa({ mfaToken: error.details.mfaToken, passkey: true })
    expect(third.state?.user.email).toBe(email)
    expect(webauthn.gets).toBe(2)
  })

  it('deleteAccount deletes and signs out; the address can register again', async () => {
    const { client, newClient, email } = await setUp()
    const wrong = client.deleteAccount({ currentPassword: 'not the password' })
    await expect(wrong).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' })
    expect(client.state).not.toBeNull()
    await client.deleteAccount({ currentPassword: PASSWORD })
    expect(client.state).toBeNull()
    await expect(newClient().refresh()).rejects.toMatchObject({ status: 401 })
    await expect(newClient().register({ email, password: PASSWORD })).resolves.toBeTruthy()
  })
})
