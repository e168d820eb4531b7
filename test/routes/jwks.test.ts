import { decodeProtectedHeader } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PrivateJwk } from '../../src/auth/signing-keys.ts'
import { buildTestApp, loginUser, me, registerUser, type TestApp } from '../helpers/app.ts'
import { newPrivateJwk } from '../helpers/keys.ts'

const keySet = (...keys: PrivateJwk[]) => JSON.stringify({ keys })
const appWith = (...keys: PrivateJwk[]) =>
  buildTestApp({ env: { JWT_PRIVATE_KEYS: keySet(...keys) } })

let ed: PrivateJwk
let es: PrivateJwk
beforeAll(async () => {
  ed = await newPrivateJwk('EdDSA')
  es = await newPrivateJwk('ES256')
})

describe('GET /.well-known/jwks.json', () => {
  it('is {keys: []} in HS256 mode, cacheable', async () => {
    const res = await (await buildTestApp()).request('/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=600')
    expect(await res.json()).toEqual({ keys: [] })
  })

  it('serves the public halves of every configured key, never a private member', async () => {
    const app = await appWith(ed, es)
    const res = await app.request('/.well-known/jwks.json')
    const body = (await res.json()) as { keys: Record<string, unknown>[] }
    expect(body.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: ed.x, kid: ed.kid, alg: 'EdDSA', use: 'sig' },
      { kty: 'EC', crv: 'P-256', x: es.x, y: es.y, kid: es.kid, alg: 'ES256', use: 'sig' },
    ])
    expect(JSON.stringify(body)).not.toContain(ed.d)
    expect(JSON.stringify(body)).not.toContain(es.d)
  })
})

describe('asymmetric signing', () => {
  it('signs with the first key, as EdDSA or ES256', async () => {
    for (const [key, alg] of [
      [ed, 'EdDSA'],
      [es, 'ES256'],
    ] as const) {
      const app = await appWith(key)
      const { body } = await registerUser(app)
      expect(decodeProtectedHeader(body.token)).toEqual({ alg, kid: key.kid, typ: 'JWT' })
      expect((await me(app, body.token)).status).toBe(200)
    }
  })

  it('rotates without logging anyone out: add, then sign with the new key, then drop the old', async () => {
    const next = await newPrivateJwk('EdDSA')
    const step0 = await appWith(ed)
    const { email, body } = await registerUser(step0)

    const step1 = await appWith(ed, next) // publish the new key; the old one still signs
    expect((await me(step1, body.token)).status).toBe(200)
    expect(decodeProtectedHeader((await loginUser(step1, email)).token).kid).toBe(ed.kid)

    const step2 = await appWith(next, ed) // the new key signs; old tokens still verify
    expect((await me(step2, body.token)).status).toBe(200)
    const fresh = await loginUser(step2, email)
    expect(decodeProtectedHeader(fresh.token).kid).toBe(next.kid)

    const step3 = await appWith(next) // after the access TTL: the old key is gone
    expect((await me(step3, body.token)).status).toBe(401)
    expect((await me(step3, fresh.token)).status).toBe(200)
  })

  it('an HS256 token is refused once only asymmetric keys are configured', async () => {
    const hs = await buildTestApp()
    const { body } = await registerUser(hs)
    const asym = await buildTestApp({ env: { JWT_PRIVATE_KEYS: keySet(ed), JWT_SECRET: '' } })
    expect((await me(asym, body.token)).status).toBe(401)
  })

  it('a JWT_PRIVATE_KEYS that does not parse or import makes the Worker misconfigured', async () => {
    const { parseConfig } = await import('../../src/config.ts')
    const base = {
      DATABASE_URL: 'postgres://u@h/db',
      LOCKOUT_SECRET: 'lockout:7Qk2-zW9x_Lm4vRt8Yb3Nc6Hd1Js5Fg0',
      MFA_ENCRYPTION_KEY: 'k1:ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM',
      AUTH_RATE_LIMITER: { limit: async () => ({ success: true }) },
      REFRESH_RATE_LIMITER: { limit: async () => ({ success: true }) },
    }
    expect(parseConfig({ ...base, JWT_PRIVATE_KEYS: 'not json' })).toEqual({
      ok: false,
      variables: ['JWT_PRIVATE_KEYS'],
    })
    expect(
      parseConfig({ ...base, JWT_PRIVATE_KEYS: keySet({ ...ed, kty: 'RSA' } as never) }),
    ).toMatchObject({ ok: false })
    expect(
      parseConfig({ ...base, JWT_PRIVATE_KEYS: keySet(ed, { ...es, kid: ed.kid }) }),
    ).toMatchObject({ ok: false })
    const { createDeps } = await import('../../src/deps.ts')
    const parsed = parseConfig({ ...base, JWT_PRIVATE_KEYS: keySet({ ...ed, x: es.x }) })
    if (!parsed.ok) throw new Error('expected a parsed config')
    await expect(createDeps(parsed.config)).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'JWT_PRIVATE_KEYS',
    })
  })
})

describe('verifier for other services', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await appWith(ed, es)
  })

  it('verifies our access tokens against the JWKS URL, with iss and aud pinned', async () => {
    const { createAccessTokenVerifier } = await import('../../src/verifier.ts')
    let fetches = 0
    const fetchJwks = async (url: string) => {
      fetches++
      return app.request(url)
    }
    const options = {
      jwksUrl: 'https://auth.example/.well-known/jwks.json',
      issuer: 'edge-auth',
      audience: 'edge-auth',
      fetch: fetchJwks,
    }
    const verify = createAccessTokenVerifier(options)
    const { body } = await registerUser(app)
    await expect(verify(body.token)).resolves.toMatchObject({
      sub: body.user.id,
      email: body.user.email,
      role: 'user',
    })
    await expect(verify(body.token)).resolves.toBeDefined()
    expect(fetches).toBe(1) // cached

    await expect(
      createAccessTokenVerifier({ ...options, audience: 'other' })(body.token),
    ).rejects.toThrow()
    const hsToken = (await registerUser(await buildTestApp())).body.token
    await expect(verify(hsToken)).rejects.toThrow()
  })
})
