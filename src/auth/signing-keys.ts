/**
 * The signing keys: HS256 with JWT_SECRET (the seed's setup) and/or EdDSA (Ed25519) and ES256
 * private JWKs from JWT_PRIVATE_KEYS. The first private JWK signs; every configured key verifies,
 * chosen only by the `kid` and `alg` of the token header (RFC 8725 §2.1, §3.1: never a key the
 * token brings along in `jwk`, `jku` or `x5u`). Keys are imported once per isolate.
 */
import { calculateJwkThumbprint, type JWTHeaderParameters } from 'jose'
import { AuthError } from '../errors.ts'
import { b64url } from './base64.ts'

export type SigningAlgorithm = 'HS256' | 'EdDSA' | 'ES256'

/** A private signing key as configured (validated by src/config.ts). */
export interface PrivateJwk {
  kty: 'OKP' | 'EC'
  crv: 'Ed25519' | 'P-256'
  kid: string
  x: string
  y?: string | undefined
  d: string
}

/** What /.well-known/jwks.json serves: public members only. */
export interface PublicJwk {
  kty: string
  crv: string
  x: string
  y?: string
  kid: string
  alg: SigningAlgorithm
  use: 'sig'
}

interface RingKey {
  kid: string
  alg: SigningAlgorithm
  key: CryptoKey
}

export interface KeyRing {
  signer: RingKey
  algorithms: SigningAlgorithm[]
  publicJwks: PublicJwk[]
  /** Finds the verification key for a header, or throws `invalid_token` (unknown kid or alg). */
  resolve(header: JWTHeaderParameters): CryptoKey
}

export function algorithmOf(jwk: Pick<PrivateJwk, 'kty' | 'crv'>): 'EdDSA' | 'ES256' {
  return jwk.kty === 'OKP' ? 'EdDSA' : 'ES256'
}

function publicPart(jwk: PrivateJwk): PublicJwk {
  const alg = algorithmOf(jwk)
  const base = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid, alg, use: 'sig' as const }
  return jwk.y === undefined ? base : { ...base, y: jwk.y }
}

const SIGN_PARAMS = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
} as const
const IMPORT_PARAMS = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const

async function importPair(jwk: PrivateJwk): Promise<{ sign: RingKey; verify: RingKey }> {
  const alg = algorithmOf(jwk)
  // Web Crypto's own JWK import (the two curves are known), rather than jose's for every key type.
  const { kty, crv, x, y, d } = jwk
  const sign = await crypto.subtle.importKey(
    'jwk',
    { kty, crv, x, y, d },
    IMPORT_PARAMS[alg],
    false,
    ['sign'],
  )
  const verify = await crypto.subtle.importKey(
    'jwk',
    { kty, crv, x, y },
    IMPORT_PARAMS[alg],
    false,
    ['verify'],
  )
  // Web Crypto does not check that `x`/`y` belong to `d`: a mismatched key would sign tokens
  // nobody can verify. One signature per key and isolate proves the pair.
  const probe = new TextEncoder().encode(jwk.kid)
  const signature = await crypto.subtle.sign(SIGN_PARAMS[alg], sign, probe)
  if (!(await crypto.subtle.verify(SIGN_PARAMS[alg], verify, signature, probe))) {
    throw new Error(`key ${jwk.kid}: the public and private halves do not match`)
  }
  return { sign: { kid: jwk.kid, alg, key: sign }, verify: { kid: jwk.kid, alg, key: verify } }
}

async function importSecret(secret: Uint8Array): Promise<RingKey> {
  const raw = new Uint8Array(secret)
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ])
  // A public, stable id for the secret: a truncated RFC 7638 thumbprint (a hash; reveals nothing usable).
  const kid = (await calculateJwkThumbprint({ kty: 'oct', k: b64url(raw) })).slice(0, 16)
  return { kid, alg: 'HS256', key }
}

/**
 * With private keys, the first one signs; with only a secret, HS256 signs. Both may be set
 * while moving from HS256 to asymmetric keys: HS256 tokens keep verifying until they expire.
 */
export async function createKeyRing(options: {
  secret?: Uint8Array | undefined
  privateKeys?: PrivateJwk[] | undefined
}): Promise<KeyRing> {
  const pairs = await Promise.all((options.privateKeys ?? []).map(importPair))
  const hmac = options.secret ? await importSecret(options.secret) : undefined
  const verifiers = new Map<string, RingKey>()
  for (const { verify } of pairs) verifiers.set(verify.kid, verify)
  if (hmac) verifiers.set(hmac.kid, hmac)
  const signer = pairs[0]?.sign ?? hmac
  if (!signer) throw new Error('createKeyRing needs JWT_SECRET or JWT_PRIVATE_KEYS')
  return {
    signer,
    algorithms: [...new Set([...verifiers.values()].map((k) => k.alg))],
    publicJwks: (options.privateKeys ?? []).map(publicPart),
    resolve(header) {
      const found = header.kid === undefined ? undefined : verifiers.get(header.kid)
      if (!found || found.alg !== header.alg)
        throw new AuthError('invalid_token', { message: 'Unknown signing key' })
      return found.key
    },
  }
}
