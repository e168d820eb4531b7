/**
 * `npm run keys:generate`: ES256 by default, EdDSA on request, --add for rotation; and the
 * README's promise that our ES256 tokens verify without jose: a token signed as the service signs
 * (src/auth/access-token.ts), checked with nothing but node:crypto against the key as
 * /.well-known/jwks.json serves it (test/routes/jwks.test.ts pins both shapes in the Worker),
 * the steps the README's PyJWT example takes.
 */
import { execFile } from 'node:child_process'
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { calculateJwkThumbprint, importJWK, type JWK, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_KEY_ALGORITHM,
  generateKeySet,
  type KeySet,
  parseKeySet,
} from '../../scripts/keys-generate/key-set.ts'

const run = promisify(execFile)
const CLI = new URL('../../scripts/keys-generate.ts', import.meta.url).pathname

async function cli(...args: string[]) {
  const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 20_000 })
  return { set: parseKeySet(stdout), stderr }
}

/**
 * Verifies an edge-auth ES256 access token with Node's crypto only (`keys` is the `keys` array
 * of /.well-known/jwks.json), as the README's PyJWT example does: key by `kid`, `typ`, ES256
 * only, then `iss`, `aud` and `exp` with 5 s of leeway. No jose.
 */
function verifyAccessToken(token: string, keys: JsonWebKey[], issuer = 'edge-auth') {
  const [h = '', p = '', s = ''] = token.split('.')
  const header = JSON.parse(Buffer.from(h, 'base64url').toString())
  if (header.alg !== 'ES256' || header.typ !== 'JWT') throw new Error('unexpected header')
  const jwk = keys.find((k) => k.kid === header.kid)
  if (!jwk) throw new Error('unknown kid')
  const key = createPublicKey({ key: jwk, format: 'jwk' })
  // JWS (RFC 7518 §3.4) carries ECDSA signatures as r||s, not DER: hence ieee-p1363.
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  )
  if (!ok) throw new Error('bad signature')
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
  const now = Date.now() / 1000
  if (claims.iss !== issuer || claims.aud !== issuer) throw new Error('wrong issuer or audience')
  if (!(claims.exp > now - 5)) throw new Error('expired')
  return claims
}

/** What /.well-known/jwks.json serves for a private key: its public members (src/auth/signing-keys.ts). */
function publicJwk({ kty, crv, x, y, kid, alg }: JWK): JsonWebKey {
  return { kty, crv, x, ...(y ? { y } : {}), kid, alg, use: 'sig' }
}

/** A token signed as src/auth/access-token.ts signs: jose SignJWT, header {alg, kid, typ: JWT}; `ttl` s. */
async function issue(set: KeySet, ttl = 900) {
  const [signer] = set.keys
  if (!signer?.kid || !signer.alg) throw new Error('no signing key')
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ sid: 's1', email: 'ada@example.com', role: 'user' })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
    .setSubject('96162147-bca8-47f5-babc-ee712fa3eb7d')
    .setIssuer('edge-auth')
    .setAudience('edge-auth')
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(await importJWK(signer, signer.alg))
  return { token, jwks: set.keys.map(publicJwk) }
}

describe('keys:generate', () => {
  it('makes one P-256 (ES256) key by default, its thumbprint as kid', async () => {
    const { set, stderr } = await cli()
    const [key] = set.keys
    expect(set.keys).toHaveLength(1)
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' })
    expect(typeof key?.d).toBe('string')
    expect(key?.kid).toBe(await calculateJwkThumbprint({ ...key, d: undefined }))
    expect(stderr).toContain(`ES256 key ${key?.kid}`)
  })

  it('makes an Ed25519 (EdDSA) key with --alg EdDSA, and refuses other algorithms', async () => {
    const { set } = await cli('--alg', 'EdDSA')
    expect(set.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })
    await expect(cli('--alg', 'RS256')).rejects.toThrow(/--alg must be ES256 or EdDSA/)
  })

  it('appends a new key after the current ones with --add (rotation step 1)', async () => {
    const current = (await generateKeySet({ alg: 'EdDSA' })).set
    const { set, stderr } = await cli('--add', JSON.stringify(current))
    expect(set.keys).toHaveLength(2)
    expect(set.keys[0]).toEqual(current.keys[0])
    expect(set.keys[1]).toMatchObject({ alg: 'ES256' })
    expect(set.keys[1]?.kid).not.toBe(set.keys[0]?.kid)
    expect(stderr).toContain('appended after 1 existing key(s)')
    await expect(cli('--add', '{"keys": 1}')).rejects.toThrow(/--add: expected a JWK set/)
  })
})

describe('an ES256 token verified without jose (node:crypto)', () => {
  it('verifies a token signed with a generated key, from the public JWKS', async () => {
    const { set } = await generateKeySet()
    const { token, jwks } = await issue(set)
    expect(JSON.stringify(jwks)).not.toContain(`"d":`)
    const claims = verifyAccessToken(token, jwks)
    expect(claims).toMatchObject({ sub: '96162147-bca8-47f5-babc-ee712fa3eb7d', role: 'user' })
  })

  it('refuses a changed payload, another key, an expired token and an EdDSA token', async () => {
    const { set } = await generateKeySet()
    const { token, jwks } = await issue(set)
    const [h, p, s] = token.split('.')
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')
    expect(() => verifyAccessToken(`${h}.${forged}.${s}`, jwks)).toThrow('bad signature')
    const other = await issue((await generateKeySet()).set)
    const swapped = jwks.map((k) => ({ ...k, kid: other.jwks[0]?.kid }))
    expect(() => verifyAccessToken(other.token, swapped)).toThrow('bad signature')
    const old = await issue(set, -60)
    expect(() => verifyAccessToken(old.token, jwks)).toThrow('expired')
    const ed = await issue((await generateKeySet({ alg: 'EdDSA' })).set)
    expect(() => verifyAccessToken(ed.token, ed.jwks)).toThrow('unexpected header')
  })
})

describe("the README's verification example", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const python = /```python\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''

  it('pins the algorithm keys:generate makes, and reads the key set from the JWKS route', () => {
    expect(DEFAULT_KEY_ALGORITHM).toBe('ES256')
    expect(python).toContain(`algorithms=["${DEFAULT_KEY_ALGORITHM}"]`)
    expect(python).toContain('/.well-known/jwks.json')
    expect(python).toMatch(/issuer="edge-auth",\s+audience="edge-auth"/)
    expect(readme).toMatch(/keys:generate > jwt-keys\.json +# an ES256 key set/)
  })
})
