/**
 * The key half of the software authenticator (test/helpers/soft-authenticator.ts): Web Crypto
 * key pairs for ES256, EdDSA and RS256, their COSE_Key (RFC 9053 §7, RFC 8230 §4, labels in
 * CTAP2 canonical order), and signatures in the WebAuthn format (Level 3 §6.5.5).
 */
import { b64decode } from '../../../src/auth/base64.ts'
import { type CborInputMap, p1363ToDer } from './test-encoders.ts'

export type SoftAlgorithm = 'ES256' | 'EdDSA' | 'RS256'

/** The COSE algorithm identifier of each. */
export const COSE_ALG = { ES256: -7, EdDSA: -8, RS256: -257 } as const

const GENERATE = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
  RS256: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
} as const

const SIGN = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
} as const

/** A fresh key pair and the COSE_Key of its public half. */
export async function newCredentialKey(algorithm: SoftAlgorithm) {
  const pair = (await crypto.subtle.generateKey(GENERATE[algorithm], true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  return { privateKey: pair.privateKey, coseKey: await coseKeyOf(algorithm, pair.publicKey) }
}

async function coseKeyOf(algorithm: SoftAlgorithm, publicKey: CryptoKey): Promise<CborInputMap> {
  const entries: [number, number | Uint8Array][] = [[3, COSE_ALG[algorithm]]]
  if (algorithm === 'RS256') {
    const jwk = (await crypto.subtle.exportKey('jwk', publicKey)) as JsonWebKey
    entries.unshift([1, 3])
    entries.push(
      [-1, b64decode(jwk.n ?? '') as Uint8Array],
      [-2, b64decode(jwk.e ?? '') as Uint8Array],
    )
    return new Map(entries)
  }
  const raw = new Uint8Array((await crypto.subtle.exportKey('raw', publicKey)) as ArrayBuffer)
  if (algorithm === 'EdDSA') {
    entries.unshift([1, 1])
    entries.push([-1, 6], [-2, raw])
  } else {
    entries.unshift([1, 2])
    entries.push([-1, 1], [-2, raw.slice(1, 33)], [-3, raw.slice(33)])
  }
  return new Map(entries)
}

/** A signature as an authenticator sends it: DER for ES256 (or P1363 with `raw`), else as is. */
export async function signAs(
  algorithm: SoftAlgorithm,
  privateKey: CryptoKey,
  data: Uint8Array<ArrayBuffer>,
  format: 'der' | 'raw' = 'der',
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = new Uint8Array(await crypto.subtle.sign(SIGN[algorithm], privateKey, data))
  return algorithm === 'ES256' && format === 'der' ? p1363ToDer(raw) : raw
}
