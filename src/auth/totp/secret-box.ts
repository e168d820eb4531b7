/**
 * Secrets at rest (TOTP secrets): AES-256-GCM through Web Crypto under the key ring of
 * secret-box-keys.ts. A sealed secret is `{ keyId, ciphertext }`, ciphertext being unpadded
 * base64url of IV (12 bytes) || GCM ciphertext || tag (16 bytes). A database dump alone yields
 * nothing: the keys live in a Worker secret, never in the database.
 *
 * Associated data binds a ciphertext to its row: the caller passes the user id, so a ciphertext
 * copied into another user's row does not open there (GCM authenticates the AAD, NIST SP 800-38D
 * §5.2.1). If the same keys ever seal another kind of secret, prefix the purpose
 * (`totp:<user id>`) so one kind cannot be swapped for another.
 */
import { AuthError } from '../../errors.ts'
import { b64decode, b64url } from '../base64.ts'
import { SECRET_BOX_KEY_BYTES, type SecretBoxKeys } from './secret-box-keys.ts'

/** What the database stores: the key id and the ciphertext, both safe to show. */
export interface SealedSecret {
  keyId: string
  ciphertext: string
}

export interface SecretBox {
  /** The id of the key that seals (the first configured). */
  readonly currentKeyId: string
  /** Encrypts `plaintext` bound to `aad` (the owner's user id) under the current key. */
  seal(plaintext: Uint8Array, aad: string): Promise<SealedSecret>
  /** Decrypts, or throws SecretBoxError: `unknown_key`, or `undecryptable` (tampered, wrong AAD). */
  open(sealed: SealedSecret, aad: string): Promise<Uint8Array<ArrayBuffer>>
  /** True when a secret was sealed under another key than the current one: reseal it. */
  needsRekey(keyId: string): boolean
}

export type SecretBoxFailure = 'unknown_key' | 'undecryptable'

/**
 * A secret that cannot be opened: a server-side fault, never the user's. `unknown_key` (its key
 * was removed from MFA_ENCRYPTION_KEY too early) answers 500 `misconfigured`; `undecryptable`
 * (altered ciphertext or key id, wrong AAD, a different key under the same id) 500 `internal`.
 * The reason goes to the request log as the outcome; the client sees the generic message.
 */
export class SecretBoxError extends AuthError {
  readonly reason: SecretBoxFailure

  constructor(reason: SecretBoxFailure, cause?: unknown) {
    const code = reason === 'unknown_key' ? 'misconfigured' : 'internal'
    super(code, { outcome: `secret_box_${reason}`, cause })
    this.name = 'SecretBoxError'
    this.reason = reason
  }
}

/** NIST SP 800-38D §5.2.1.1 recommends 96-bit IVs. */
const IV_BYTES = 12
const TAG_BITS = 128
const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * Imports the keys from parseSecretBoxKeys once (non-extractable); build the box once per
 * isolate, like the signing keys. Throws on a duplicate id or a key that is not AES-256.
 */
export async function createSecretBox(keys: SecretBoxKeys): Promise<SecretBox> {
  const ring = new Map<string, CryptoKey>()
  for (const { id, key } of keys) {
    if (ring.has(id)) throw new Error(`secret box: key id ${id} is configured twice`)
    if (key.byteLength !== SECRET_BOX_KEY_BYTES)
      throw new Error(`secret box: key ${id} is not AES-256`)
    const usages: ['encrypt', 'decrypt'] = ['encrypt', 'decrypt']
    ring.set(id, await crypto.subtle.importKey('raw', key, 'AES-GCM', false, usages))
  }
  const current = keys[0].id
  const sealer = ring.get(current) as CryptoKey

  return {
    currentKeyId: current,
    async seal(plaintext, aad) {
      // NIST SP 800-38D §8.2.2: a random 96-bit IV per message. §8.3 caps a key at 2^32 such
      // encryptions; one per TOTP enrolment or rekey stays far below, and rotation resets it.
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const params = { name: 'AES-GCM', iv, additionalData: aadBytes(aad), tagLength: TAG_BITS }
      const sealed = await crypto.subtle.encrypt(params, sealer, new Uint8Array(plaintext))
      const joined = new Uint8Array(IV_BYTES + sealed.byteLength)
      joined.set(iv)
      joined.set(new Uint8Array(sealed), IV_BYTES)
      return { keyId: current, ciphertext: b64url(joined) }
    },
    async open({ keyId, ciphertext }, aad) {
      const additionalData = aadBytes(aad)
      const key = ring.get(keyId)
      if (!key) throw new SecretBoxError('unknown_key')
      const bytes = BASE64URL.test(ciphertext) ? b64decode(ciphertext) : undefined
      if (!bytes || bytes.byteLength < IV_BYTES + TAG_BITS / 8) {
        throw new SecretBoxError('undecryptable')
      }
      const iv = bytes.subarray(0, IV_BYTES)
      const params = { name: 'AES-GCM', iv, additionalData, tagLength: TAG_BITS }
      try {
        return new Uint8Array(await crypto.subtle.decrypt(params, key, bytes.subarray(IV_BYTES)))
      } catch (error) {
        // GCM cannot tell a wrong key, a wrong AAD and an altered byte apart, and need not.
        throw new SecretBoxError('undecryptable', error)
      }
    },
    needsRekey: (keyId) => keyId !== current,
  }
}

/** The AAD as UTF-8. An empty one would bind the ciphertext to nothing: a caller's bug. */
function aadBytes(aad: string): Uint8Array {
  if (typeof aad !== 'string' || aad === '') {
    throw new TypeError('secret box: the associated data (the owner id) must be a non-empty string')
  }
  return new TextEncoder().encode(aad)
}
