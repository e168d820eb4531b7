/**
 * The key ring of the secret box, from one config secret (MFA_ENCRYPTION_KEY):
 *
 *   <key id>:<key>[,<key id>:<key>...]     e.g. 2026-12:q3J...43 chars...,2026-01:Zx...
 *
 * A key id is 1 to 32 of A-Z a-z 0-9 _ - (stored next to each ciphertext, so it is public); a
 * key is 32 random bytes (AES-256) in unpadded base64url (RFC 4648 §5), 43 characters. The FIRST
 * key seals; every key opens. To rotate: put a new key first, keep the old ones until every
 * secret has been resealed (needsRekey), then drop them.
 */
import { b64decode, b64url } from '../base64.ts'

/** AES-256 (NIST SP 800-38D over FIPS 197). */
export const SECRET_BOX_KEY_BYTES = 32

export interface SecretBoxKey {
  id: string
  key: Uint8Array<ArrayBuffer>
}

/** At least one key, the sealing key first. */
export type SecretBoxKeys = [SecretBoxKey, ...SecretBoxKey[]]

/** The keys, or why the value is refused (naming entries by position, never quoting them). */
export type SecretBoxKeysResult = { ok: true; keys: SecretBoxKeys } | { ok: false; reason: string }

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * Parses MFA_ENCRYPTION_KEY. Spaces around entries are ignored (a pasted secret often ends in a
 * newline); anything else that is off is refused with a reason that is safe to log.
 */
export function parseSecretBoxKeys(value: string): SecretBoxKeysResult {
  if (value.trim() === '') return refuse('no key is configured')
  const keys: SecretBoxKey[] = []
  const positions = new Map<string, number>()
  for (const [index, entry] of value.split(',').entries()) {
    const where = `entry ${index + 1}`
    const colon = entry.indexOf(':')
    if (colon < 0) return refuse(`${where} is not <key id>:<key>`)
    const id = entry.slice(0, colon).trim()
    const encoded = entry.slice(colon + 1).trim()
    if (!KEY_ID.test(id)) return refuse(`${where}: a key id is 1 to 32 of A-Z a-z 0-9 _ -`)
    const earlier = positions.get(id)
    if (earlier !== undefined) return refuse(`${where} repeats the key id of entry ${earlier}`)
    positions.set(id, index + 1)
    const key = BASE64URL.test(encoded) ? b64decode(encoded) : undefined
    if (!key) return refuse(`${where}: the key is not unpadded base64url (A-Z a-z 0-9 - _)`)
    if (key.byteLength !== SECRET_BOX_KEY_BYTES) {
      return refuse(`${where}: a key is ${SECRET_BOX_KEY_BYTES} bytes, this one ${key.byteLength}`)
    }
    // A last character with stray low bits decodes to the same bytes: refuse it as a likely typo.
    if (b64url(key) !== encoded) return refuse(`${where}: the key is not canonical base64url`)
    keys.push({ id, key })
  }
  const [first, ...rest] = keys
  return first ? { ok: true, keys: [first, ...rest] } : refuse('no key is configured')
}

function refuse(reason: string): SecretBoxKeysResult {
  return { ok: false, reason: `MFA_ENCRYPTION_KEY: ${reason}` }
}
