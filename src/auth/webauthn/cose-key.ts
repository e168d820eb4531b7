/**
 * Credential public keys: a COSE_Key (RFC 9052 §7) read from the attested credential data and
 * imported into Web Crypto. Three algorithms, which is what every current passkey provider and
 * security key offers (WebAuthn Level 3 §5.3 asks RPs to list the ones they support):
 *
 * | alg  | name  | kty     | parameters                       | spec                     |
 * | ---- | ----- | ------- | -------------------------------- | ------------------------ |
 * | -7   | ES256 | 2 (EC2) | crv 1 (P-256), x, y: 32 bytes    | RFC 9053 §2.1, §7.1      |
 * | -8   | EdDSA | 1 (OKP) | crv 6 (Ed25519), x: 32 bytes     | RFC 9053 §2.2, §7.2      |
 * | -257 | RS256 | 3 (RSA) | n (>= 2048 bits), e              | RFC 8812 §2, RFC 8230 §4 |
 *
 * WebAuthn Level 3 §5.8.5 pins ES256 to P-256 with an uncompressed point and EdDSA to Ed25519;
 * RFC 8230 §6 requires RSA keys of at least 2048 bits. The key type must match the algorithm,
 * and the key must import: Web Crypto's raw P-256 import checks that the point is on the curve.
 */
import { b64url } from '../base64.ts'
import type { CborMap } from './cbor-decode.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** COSE algorithm identifiers (IANA "COSE Algorithms"), in our order of preference. */
export const COSE_ALGORITHMS = { ES256: -7, EdDSA: -8, RS256: -257 } as const

export type CoseAlgorithm = (typeof COSE_ALGORITHMS)[keyof typeof COSE_ALGORITHMS]

/** An imported credential public key and the one algorithm it may be used with. */
export interface CredentialKey {
  algorithm: CoseAlgorithm
  key: CryptoKey
}

// COSE_Key labels (RFC 9052 §7.1) and key-type parameters (RFC 9053 §7.1, §7.2; RFC 8230 §4).
const KTY = 1
const ALG = 3
const CRV = -1
const X = -2
const Y = -3
const RSA_N = -1
const RSA_E = -2

const MIN_RSA_BITS = 2048

/** True for the three algorithms we verify. */
export function isCoseAlgorithm(value: unknown): value is CoseAlgorithm {
  return value === -7 || value === -8 || value === -257
}

function bad(why: string): never {
  throw new WebAuthnError('bad_public_key', why)
}

function bytesOf(map: CborMap, label: number, what: string, length?: number) {
  const value = map.get(label)
  if (!(value instanceof Uint8Array)) bad(`${what} is missing or not a byte string`)
  if (length !== undefined && value.length !== length) bad(`${what} is not ${length} bytes`)
  return value
}

function expectParam(map: CborMap, label: number, expected: number, what: string) {
  if (map.get(label) !== expected) bad(`${what} must be ${expected} for this algorithm`)
}

/** The bit length of an unsigned big-endian integer. */
function bitLength(bytes: Uint8Array): number {
  const first = bytes.findIndex((byte) => byte !== 0)
  if (first < 0) return 0
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first] as number))
}

/** Strips leading zero bytes: JWK's Base64urlUInt is minimal (RFC 7518 §6.3.1.1). */
function unsignedB64url(bytes: Uint8Array): string {
  const first = bytes.findIndex((byte) => byte !== 0)
  return b64url(first < 0 ? bytes : bytes.subarray(first))
}

function importParams(map: CborMap, algorithm: CoseAlgorithm) {
  if (algorithm === COSE_ALGORITHMS.ES256) {
    expectParam(map, KTY, 2, 'kty')
    expectParam(map, CRV, 1, 'crv')
    const point = new Uint8Array(65)
    point[0] = 0x04 // SEC 1 §2.3.3 uncompressed point; a boolean y (compressed) fails bytesOf
    point.set(bytesOf(map, X, 'x', 32), 1)
    point.set(bytesOf(map, Y, 'y', 32), 33)
    return {
      format: 'raw',
      keyData: point,
      params: { name: 'ECDSA', namedCurve: 'P-256' },
    } as const
  }
  if (algorithm === COSE_ALGORITHMS.EdDSA) {
    expectParam(map, KTY, 1, 'kty')
    expectParam(map, CRV, 6, 'crv')
    return {
      format: 'raw',
      keyData: bytesOf(map, X, 'x', 32),
      params: { name: 'Ed25519' },
    } as const
  }
  expectParam(map, KTY, 3, 'kty')
  const n = bytesOf(map, RSA_N, 'n')
  const e = bytesOf(map, RSA_E, 'e')
  if (bitLength(n) < MIN_RSA_BITS) bad(`RSA modulus is shorter than ${MIN_RSA_BITS} bits`)
  const jwk: JsonWebKey = { kty: 'RSA', n: unsignedB64url(n), e: unsignedB64url(e) }
  return {
    format: 'jwk',
    keyData: jwk,
    params: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  } as const
}

/**
 * Reads a decoded COSE_Key and imports it for verification. Throws `unsupported_algorithm` for
 * an `alg` other than -7, -8 and -257, and `bad_public_key` for a key that does not match its
 * `alg` (key type, curve, sizes) or that Web Crypto refuses.
 */
export async function importCoseKey(map: CborMap): Promise<CredentialKey> {
  const algorithm = map.get(ALG)
  if (!isCoseAlgorithm(algorithm)) {
    throw new WebAuthnError('unsupported_algorithm', `COSE alg ${String(algorithm)}`)
  }
  const { format, keyData, params } = importParams(map, algorithm)
  try {
    const key =
      format === 'jwk'
        ? await crypto.subtle.importKey('jwk', keyData, params, false, ['verify'])
        : await crypto.subtle.importKey('raw', keyData, params, false, ['verify'])
    return { algorithm, key }
  } catch (cause) {
    throw new WebAuthnError('bad_public_key', 'Web Crypto refused the key', { cause })
  }
}
