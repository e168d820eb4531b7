import {
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { type AccessTokens, createAccessTokens } from '../../src/auth/access-token.ts'
import { createKeyRing, type KeyRing } from '../../src/auth/signing-keys.ts'
import { newPrivateJwk } from '../helpers/keys.ts'

const NOW = Date.UTC(2026, 10, 27, 12)
const clock = { now: () => NOW }
const iat = NOW / 1000
const claims: JWTPayload = {
  sub: '4b0c3d1e-0000-4000-8000-000000000001',
  sid: '7d7c1c6e-0000-4000-8000-000000000002',
  email: 'a@example.com',
  role: 'user',
  jti: 'j-1',
  iat,
  exp: iat + 600,
  iss: 'iss-a',
  aud: 'aud-a',
}

async function sign(header: JWTHeaderParameters, payload: JWTPayload, key: CryptoKey | Uint8Array) {
  return new SignJWT(payload).setProtectedHeader(header).sign(key)
}

describe.each(['EdDSA', 'ES256'] as const)('forged and malformed tokens (%s signer)', (alg) => {
  let ring: KeyRing
  let tokens: AccessTokens
  let signingKey: CryptoKey
  let publicJwk: JWK
  let kid: string

  beforeAll(async () => {
    const jwk = await newPrivateJwk(alg)
    kid = jwk.kid
    ring = await createKeyRing({ privateKeys: [jwk] })
    signingKey = ring.signer.key
    publicJwk = ring.publicJwks[0] as JWK
    tokens = createAccessTokens({ keys: ring, issuer: 'iss-a', audience: 'aud-a', ttl: 600, clock })
  })

  const refused = async (token: string) =>
    expect(tokens.verify(token)).rejects.toMatchObject({ code: 'invalid_token' })

  it('control: a token built the way the attacks are, but honestly, verifies', async () => {
    await expect(
      tokens.verify(await sign({ alg, kid, typ: 'JWT' }, claims, signingKey)),
    ).resolves.toMatchObject({ sub: claims.sub })
  })

  it('alg none', async () => {
    const enc = (v: unknown) =>
      btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    await refused(`${enc({ alg: 'none', kid, typ: 'JWT' })}.${enc(claims)}.`)
  })

  it('HS256 signed with the public key (algorithm confusion)', async () => {
    const publicBytes = new TextEncoder().encode(JSON.stringify(publicJwk))
    await refused(await sign({ alg: 'HS256', kid, typ: 'JWT' }, claims, publicBytes))
    const x = Uint8Array.from(
      atob(String(publicJwk.x).replace(/-/g, '+').replace(/_/g, '/')),
      (ch) => ch.charCodeAt(0),
    )
    await refused(await sign({ alg: 'HS256', kid, typ: 'JWT' }, claims, x))
  })

  it('unknown, missing or injected kid', async () => {
    const attacker = await generateKeyPair(alg)
    await refused(await sign({ alg, kid: 'unknown-kid', typ: 'JWT' }, claims, attacker.privateKey))
    await refused(await sign({ alg, typ: 'JWT' }, claims, signingKey))
    await refused(await sign({ alg, kid: `${kid}' OR '1'='1`, typ: 'JWT' }, claims, signingKey))
    await refused(await sign({ alg, kid: '../../../../dev/null', typ: 'JWT' }, claims, signingKey))
  })

  it('a key carried in the header (jwk, jku, x5u) is never used', async () => {
    const attacker = await generateKeyPair(alg, { extractable: true })
    const attackerJwk = await exportJWK(attacker.publicKey)
    await refused(
      await sign({ alg, kid, typ: 'JWT', jwk: attackerJwk }, claims, attacker.privateKey),
    )
    await refused(
      await sign(
        { alg, kid, typ: 'JWT', jku: 'https://evil.example/jwks.json' },
        claims,
        attacker.privateKey,
      ),
    )
    await refused(
      await sign(
        { alg, kid, typ: 'JWT', x5u: 'https://evil.example/cert.pem' },
        claims,
        attacker.privateKey,
      ),
    )
  })

  it('wrong typ', async () => {
    await refused(await sign({ alg, kid, typ: 'at+jwt' }, claims, signingKey))
    await refused(await sign({ alg, kid }, claims, signingKey))
  })

  it('tampered payload or signature', async () => {
    const token = await sign({ alg, kid, typ: 'JWT' }, claims, signingKey)
    const [h, p, s] = token.split('.') as [string, string, string]
    const admin = btoa(JSON.stringify({ ...claims, role: 'admin' }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    await refused(`${h}.${admin}.${s}`)
    await refused(`${h}.${p}.${s.slice(0, -3)}${s.endsWith('AAA') ? 'BBB' : 'AAA'}`)
    await refused(`${h}.${p}`)
  })

  it('wrong iss or aud, nbf in the future, expired, missing sid', async () => {
    await refused(
      await sign({ alg, kid, typ: 'JWT' }, { ...claims, iss: 'someone-else' }, signingKey),
    )
    await refused(
      await sign({ alg, kid, typ: 'JWT' }, { ...claims, aud: 'another-api' }, signingKey),
    )
    await refused(await sign({ alg, kid, typ: 'JWT' }, { ...claims, nbf: iat + 60 }, signingKey))
    await refused(await sign({ alg, kid, typ: 'JWT' }, { ...claims, exp: iat - 10 }, signingKey))
    const { sid: _sid, ...withoutSid } = claims
    await refused(await sign({ alg, kid, typ: 'JWT' }, withoutSid, signingKey))
  })
})

describe('HS256 ring', () => {
  it('verifies its own tokens and refuses asymmetric ones with its kid', async () => {
    const secret = new TextEncoder().encode('x'.repeat(40))
    const ring = await createKeyRing({ secret })
    const tokens = createAccessTokens({
      keys: ring,
      issuer: 'iss-a',
      audience: 'aud-a',
      ttl: 600,
      clock,
    })
    const kid = ring.signer.kid
    await expect(
      tokens.verify(await sign({ alg: 'HS256', kid, typ: 'JWT' }, claims, secret)),
    ).resolves.toBeDefined()
    const other = await generateKeyPair('EdDSA')
    await expect(
      tokens.verify(await sign({ alg: 'EdDSA', kid, typ: 'JWT' }, claims, other.privateKey)),
    ).rejects.toMatchObject({
      code: 'invalid_token',
    })
    expect(ring.publicJwks).toEqual([])
  })
})

describe('algorithm names', () => {
  it('refuses another name for the same algorithm, even signed by our own key (Ed25519)', async () => {
    // jose also knows RFC 9864's fully-specified "Ed25519" for an EdDSA key: only the pinned list
    // (and the key ring's own alg check) keeps a token that names it out.
    const jwk = await newPrivateJwk('EdDSA')
    const ring = await createKeyRing({ privateKeys: [jwk] })
    const tokens = createAccessTokens({
      keys: ring,
      issuer: 'iss-a',
      audience: 'aud-a',
      ttl: 600,
      clock,
    })
    const header = { kid: jwk.kid, typ: 'JWT' }
    await expect(
      tokens.verify(await sign({ ...header, alg: 'EdDSA' }, claims, ring.signer.key)),
    ).resolves.toMatchObject({ sub: claims.sub })
    await expect(
      tokens.verify(await sign({ ...header, alg: 'Ed25519' }, claims, ring.signer.key)),
    ).rejects.toMatchObject({ code: 'invalid_token' })
  })
})
