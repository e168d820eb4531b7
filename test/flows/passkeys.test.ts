/** Passkeys (issue 14): WebAuthn registration, sign-in, second factor and management. */
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, PASSWORD, postJson, type SessionBody } from '../helpers/app.ts'
import {
  bearer,
  creationOptions,
  ORIGIN,
  RP_ID,
  requestOptions,
  signInWith,
  withPasskey,
} from '../helpers/passkeys.ts'
import { softAssert, softRegister } from '../helpers/soft-authenticator.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())

describe('registering a passkey', () => {
  it('stores a verified credential; a used challenge or another origin is refused', async () => {
    const app = await buildTestApp()
    const { body, credential } = await withPasskey(app)
    const list = await app.request('/auth/passkeys', { headers: bearer(body.token) })
    const { passkeys } = (await list.json()) as { passkeys: { name: string }[] }
    expect(passkeys.map((p) => p.name)).toEqual(['Laptop'])
    const me = await app.request('/auth/me', { headers: bearer(body.token) })
    expect(((await me.json()) as { user: { factors: string[] } }).user.factors).toEqual(['passkey'])

    const register = (response: unknown) =>
      postJson(app, '/auth/passkeys/register', { response }, bearer(body.token))
    const used = await creationOptions(app, body.token)
    expect(used.excludeCredentials).toHaveLength(1)
    const first = await softRegister({ challenge: used.challenge, origin: ORIGIN, rpId: RP_ID })
    expect((await register(first.response)).status).toBe(201)
    const again = await softRegister({ challenge: used.challenge, origin: ORIGIN, rpId: RP_ID })
    expect((await register(again.response)).status).toBe(400) // a challenge works once
    const foreign = await creationOptions(app, body.token)
    const evil = await softRegister({
      challenge: foreign.challenge,
      origin: 'https://evil.example',
      rpId: RP_ID,
    })
    const refused = await register(evil.response)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      code: 'passkey_refused',
      details: { reason: 'origin_mismatch' },
    })
    expect(credential.algorithm).toBe('ES256')
  })
})

describe('signing in with a passkey', () => {
  it('answers a token pair with amr hwk+user+mfa; a replayed response is refused', async () => {
    const app = await buildTestApp()
    const { credential } = await withPasskey(app)
    const { challenge } = await requestOptions(app)
    const response = await softAssert(credential, { challenge, origin: ORIGIN, rpId: RP_ID })
    const res = await postJson(app, '/auth/passkeys/login', { response })
    expect(res.status).toBe(200)
    const pair = (await res.json()) as SessionBody
    expect(decodeJwt(pair.token).amr).toEqual(['hwk', 'user', 'mfa'])
    const replay = await postJson(app, '/auth/passkeys/login', { response })
    expect(replay.status).toBe(401)
    expect(await replay.json()).toMatchObject({ code: 'invalid_credentials' })
  })

  it('answers the same options for a known, an unknown and no email', async () => {
    const app = await buildTestApp()
    const { email } = await withPasskey(app)
    const shapes = await Promise.all(
      ([{ email }, { email: 'nobody@example.com' }, {}] as Record<string, string>[]).map(
        async (input) => {
          const { challenge, ...rest } = await requestOptions(app, input)
          expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
          return rest
        },
      ),
    )
    expect(shapes[0]).toEqual(shapes[1])
    expect(shapes[1]).toEqual(shapes[2])
    expect(shapes[0]?.allowCredentials).toEqual([])
  })

  it('refuses a counter that goes backwards, a bad signature, and a user handle of someone else', async () => {
    const app = await buildTestApp()
    const { credential } = await withPasskey(app, { synced: false })
    expect((await signInWith(app, credential)).status).toBe(200) // counter 1
    expect((await signInWith(app, credential, { signCount: 1 })).status).toBe(401)
    const flip = (s: Uint8Array<ArrayBuffer>) => {
      const copy = Uint8Array.from(s)
      copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 1
      return copy
    }
    expect((await signInWith(app, credential, { editSignature: flip })).status).toBe(401)
    const other = await withPasskey(app)
    const handle = btoa(String.fromCharCode(...other.credential.userHandle))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    expect((await signInWith(app, credential, { userHandle: handle })).status).toBe(401)
    expect((await signInWith(app, credential)).status).toBe(200)
  })
})

describe('a passkey as the second factor of a password login', () => {
  it('is offered in methods and, with the mfaToken, signs in with amr pwd+hwk', async () => {
    const app = await buildTestApp()
    const { email, body, credential, passkeyId } = await withPasskey(app)
    await enrolTotp(app, body.token, PASSWORD)
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(login.status).toBe(403)
    const { details } = (await login.json()) as { details: { mfaToken: string; methods: string[] } }
    expect(details.methods).toEqual(['totp', 'recovery_code', 'webauthn'])
    const options = await requestOptions(app, { mfaToken: details.mfaToken })
    expect(options.allowCredentials.map((c) => c.id)).toEqual([passkeyId])
    const passkey = await softAssert(credential, {
      challenge: options.challenge,
      origin: ORIGIN,
      rpId: RP_ID,
    })
    const res = await postJson(app, '/auth/login/mfa', { mfaToken: details.mfaToken, passkey })
    expect(res.status).toBe(200)
    expect(decodeJwt(((await res.json()) as SessionBody).token).amr).toEqual(['pwd', 'hwk', 'mfa'])
  })
})

describe('managing passkeys', () => {
  it('renames, and removes with the password; another user’s id is a 404', async () => {
    const app = await buildTestApp()
    const { body, passkeyId } = await withPasskey(app)
    const call = (method: string, input: unknown, id = passkeyId) =>
      app.request(`/auth/passkeys/${id}`, {
        method,
        headers: { ...bearer(body.token), 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    const renamed = await call('PATCH', { name: 'Work laptop' })
    expect(renamed.status).toBe(200)
    expect(await renamed.json()).toMatchObject({ passkey: { name: 'Work laptop' } })
    expect((await call('DELETE', {})).status).toBe(400)
    expect((await call('DELETE', { currentPassword: 'not my password' })).status).toBe(401)
    const { passkeyId: theirs } = await withPasskey(app)
    expect((await call('DELETE', { currentPassword: PASSWORD }, theirs)).status).toBe(404)
    expect((await call('PATCH', { name: 'Mine now' }, theirs)).status).toBe(404)
    expect((await call('DELETE', { currentPassword: PASSWORD })).status).toBe(204)
    const list = await app.request('/auth/passkeys', { headers: bearer(body.token) })
    expect(await list.json()).toEqual({ passkeys: [] })
  })

  it('with TOTP on, removal takes the password and a code: 403 mfa_required with the password alone', async () => {
    const app = await buildTestApp()
    const { body, passkeyId } = await withPasskey(app)
    const { secret } = await enrolTotp(app, body.token, PASSWORD)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 30_000)
    const remove = (input: unknown) =>
      app.request(`/auth/passkeys/${passkeyId}`, {
        method: 'DELETE',
        headers: { ...bearer(body.token), 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    const code = await codeAt(secret)
    expect((await remove({ code })).status).toBe(400) // the password is always asked
    const passwordOnly = await remove({ currentPassword: PASSWORD })
    expect(passwordOnly.status).toBe(403)
    expect(await passwordOnly.json()).toMatchObject({
      code: 'mfa_required',
      details: { methods: ['totp', 'recovery_code', 'webauthn'] },
    })
    expect((await remove({ currentPassword: PASSWORD, code })).status).toBe(204)
  })
})
