/**
 * New signing keys for JWT_PRIVATE_KEYS. ES256 (P-256) is the default because every common
 * verifier accepts it: Node's jsonwebtoken + jwks-rsa reject Ed25519 JWKs ("Unknown key type"),
 * and many libraries outside Node lack EdDSA too (RFC 8037 came late). EdDSA stays available for
 * verifiers that take it: smaller keys and signatures, and no per-signature randomness.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'

export const KEY_ALGORITHMS = ['ES256', 'EdDSA'] as const
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number]
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'ES256'

/** A JWK set as JWT_PRIVATE_KEYS holds it: the first key signs, all verify. */
export interface KeySet {
  keys: JWK[]
}

/** Whether `alg` is one this generator makes (for the command line's --alg). */
export function isKeyAlgorithm(alg: string): alg is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly string[]).includes(alg)
}

/** Reads a current set (for --add): JSON `{"keys": [...]}` with a kid on every key. */
export function parseKeySet(text: string): KeySet {
  const set = JSON.parse(text) as Partial<KeySet>
  if (!Array.isArray(set.keys) || !set.keys.every((k) => typeof k?.kid === 'string'))
    throw new Error('expected a JWK set {"keys": [...]} with a kid on every key')
  return { keys: set.keys }
}

/**
 * A new private key (its RFC 7638 thumbprint as kid, `alg` set) appended after the keys of
 * `existing`: rotation's first step adds a key that verifies before it is moved first to sign.
 */
export async function generateKeySet(
  options: { alg?: KeyAlgorithm; existing?: KeySet } = {},
): Promise<{ set: KeySet; key: JWK & { kid: string } }> {
  const alg = options.alg ?? DEFAULT_KEY_ALGORITHM
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  })
  const jwk = await exportJWK(privateKey)
  const key = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg }
  return { set: { keys: [...(options.existing?.keys ?? []), key] }, key }
}
