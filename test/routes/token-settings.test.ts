/**
 * The token settings of the README's "Configuration" table, through HTTP: JWT_ISSUER and
 * JWT_AUDIENCE are written into issued tokens and checked on the way back (a token of another
 * issuer or audience is refused even with the same key), and JWT_SECRET beside JWT_PRIVATE_KEYS
 * keeps HS256 tokens verifying while the first private key signs.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PrivateJwk } from '../../src/auth/signing-keys.ts'
import { buildTestApp, loginUser, me, registerUser, type TestApp } from '../helpers/app.ts'
import { newPrivateJwk } from '../helpers/keys.ts'

describe('JWT_ISSUER and JWT_AUDIENCE', () => {
  let base: TestApp
  let issuer: TestApp
  let audience: TestApp
  beforeAll(async () => {
    base = await buildTestApp()
    issuer = await buildTestApp({ env: { JWT_ISSUER: 'https://auth.example.test' } })
    audience = await buildTestApp({ env: { JWT_AUDIENCE: 'orders-api' } })
  })

  it('are the iss and aud of issued tokens', async () => {
    expect(decodeJwt((await registerUser(base)).body.token)).toMatchObject({
      iss: 'edge-auth',
      aud: 'edge-auth',
    })
    expect(decodeJwt((await registerUser(issuer)).body.token)).toMatchObject({
      iss: 'https://auth.example.test',
      aud: 'edge-auth',
    })
    expect(decodeJwt((await registerUser(audience)).body.token)).toMatchObject({
      iss: 'edge-auth',
      aud: 'orders-api',
    })
  })

  it('are checked: the same key, another issuer or audience, is 401', async () => {
    const tokens = {
      base: (await registerUser(base)).body.token,
      issuer: (await registerUser(issuer)).body.token,
      audience: (await registerUser(audience)).body.token,
    }
    const apps = { base, issuer, audience }
    for (const [minter, token] of Object.entries(tokens))
      for (const [name, app] of Object.entries(apps))
        expect((await me(app, token)).status, `${minter} token at ${name}`).toBe(
          minter === name ? 200 : 401,
        )
  })
})

describe('JWT_SECRET beside JWT_PRIVATE_KEYS', () => {
  let key: PrivateJwk
  beforeAll(async () => {
    key = await newPrivateJwk('ES256')
  })

  it('keeps HS256 tokens verifying while the private key signs; the JWKS has no secret', async () => {
    const hs = await buildTestApp()
    const { email, body } = await registerUser(hs)
    expect(decodeProtectedHeader(body.token).alg).toBe('HS256')

    const both = await buildTestApp({ env: { JWT_PRIVATE_KEYS: JSON.stringify({ keys: [key] }) } })
    expect((await me(both, body.token)).status).toBe(200)
    const fresh = await loginUser(both, email)
    expect(decodeProtectedHeader(fresh.token)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    expect((await me(both, fresh.token)).status).toBe(200)
    const jwks = (await (await both.request('/.well-known/jwks.json')).json()) as {
      keys: { kid: string; kty: string }[]
    }
    expect(jwks.keys.map((k) => [k.kid, k.kty])).toEqual([[key.kid, 'EC']])
  })
})
