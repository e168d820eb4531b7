/** The second step of a login and unwrap, against a scripted server: what the client sends. */
import { describe, expect, it } from 'vitest'
import {
  AuthClientError,
  type AuthenticationResponseJSON,
  createAuthClient,
  isMfaRequired,
  unwrap,
  type WebAuthnCeremonies,
} from '../../src/client.ts'
import { json, USER } from './fake-server.ts'

const BASE = 'https://auth.example.com'
const CREDENTIALS = { email: USER.email, password: 'correct horse battery staple' }
const CHALLENGE = { mfaToken: 'mfa-token-1', methods: ['totp', 'recovery_code', 'webauthn'] }
const ASSERTION = { id: 'cred', rawId: 'cred', type: 'public-key' } as AuthenticationResponseJSON

/** A server whose login wants a second factor, recording every request body by path. */
function secondStepServer() {
  const sent: { path: string; body: unknown }[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname
    sent.push({ path, body: init?.body ? JSON.parse(String(init.body)) : undefined })
    if (path === '/auth/login')
      return json(
        { error: 'A second factor is required', code: 'mfa_required', details: CHALLENGE },
        403,
      )
    if (path === '/auth/passkeys/login/options')
      return json({
        challenge: 'c1',
        rpId: 'example.com',
        timeout: 1,
        allowCredentials: [],
        userVerification: 'preferred',
      })
    if (path === '/auth/login/mfa') return json({ token: 'access', expiresIn: 900, user: USER })
    if (path === '/auth/sessions') return new Response(null, { status: 204 })
    return json({ error: 'Not found', code: 'not_found' }, 404)
  }
  return { sent, fetch }
}

describe('login with a second factor', () => {
  it('rejects with mfa_required carrying mfaToken and methods, and signs nobody in', async () => {
    const server = secondStepServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: server.fetch })
    const error = await client.login(CREDENTIALS).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthClientError)
    expect(isMfaRequired(error)).toBe(true)
    expect(error).toMatchObject({ status: 403, code: 'mfa_required', details: CHALLENGE })
    expect(client.state).toBeNull()
    const other = new AuthClientError(401, { error: 'x', code: 'invalid_credentials' })
    expect(isMfaRequired(other)).toBe(false)
  })

  it('completeMfa sends the mfaToken with the code (or recovery code) and adopts the pair', async () => {
    const server = secondStepServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: server.fetch })
    const state = await client.completeMfa({ mfaToken: 'mfa-token-1', code: '123456' })
    expect(state).toMatchObject({ user: USER, token: 'access' })
    expect(client.state?.token).toBe('access')
    await client.completeMfa({ mfaToken: 'mfa-token-1', recoveryCode: 'abcd-efgh' })
    expect(server.sent.map((r) => r.body)).toEqual([
      { mfaToken: 'mfa-token-1', code: '123456' },
      { mfaToken: 'mfa-token-1', recoveryCode: 'abcd-efgh' },
    ])
  })

  it('with passkey: true asks options for that mfaToken, then the browser, then sends the assertion', async () => {
    const server = secondStepServer()
    const asked: unknown[] = []
    const webauthn: WebAuthnCeremonies = {
      create: async () => {
        throw new Error('not here')
      },
      get: async (options) => {
        asked.push(options)
        return ASSERTION
      },
    }
    const client = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: server.fetch,
      webauthn,
    })
    await client.completeMfa({ mfaToken: 'mfa-token-1', passkey: true })
    expect(server.sent).toEqual([
      { path: '/auth/passkeys/login/options', body: { mfaToken: 'mfa-token-1' } },
      { path: '/auth/login/mfa', body: { mfaToken: 'mfa-token-1', passkey: ASSERTION } },
    ])
    expect(asked).toEqual([expect.objectContaining({ challenge: 'c1' })])
    expect(client.state?.token).toBe('access')
  })
})

describe('unwrap', () => {
  it('gives the body, undefined for 204, and throws the error body as an AuthClientError', async () => {
    const server = secondStepServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch: server.fetch })
    const options = await unwrap(client.api.auth.passkeys.login.options.$post({ json: {} }))
    expect(options.challenge).toBe('c1')
    expect(await unwrap(client.api.auth.sessions.$get())).toBeUndefined()
    const missing = await unwrap(client.api.auth.passkeys.$get()).catch((e: unknown) => e)
    expect(missing).toMatchObject({ status: 404, code: 'not_found' })
  })

  it('outside a browser (no WebAuthn) the passkey methods fail with a clear message', async () => {
    const server = secondStepServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: server.fetch })
    await expect(client.loginWithPasskey()).rejects.toThrow(/cannot use passkeys/)
    expect(server.sent.map((r) => r.path)).toEqual(['/auth/passkeys/login/options'])
  })
})
