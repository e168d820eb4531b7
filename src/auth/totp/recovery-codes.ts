/**
 * Recovery codes: single-use look-up secrets for when the authenticator is lost. Each is 25
 * characters of Crockford's base32 (125 bits), shown in five groups: `7kq2m-9xw4t-...`.
 *
 * Why 125 bits and a plain SHA-256. NIST SP 800-63B-4 asks look-up secrets for at least six
 * decimal digits (§3.1.2.1; rev. 3 §5.1.2.1: 20 bits) and saved recovery codes for at least 64
 * bits (§4.2.1.1), but lets them be stored under a plain approved hash only from 112 bits, the
 * SP 800-131A security strength (§3.1.2.2; rev. 3 §5.1.2.2 alike); below that they must be
 * salted and run through a password hashing scheme. At 125 bits guessing is hopeless without
 * slowing the hash, and one unsalted SHA-256 is also the database lookup key of the code, like
 * refresh tokens (opaque-token.ts). The caller still counts failures in the per-account lockout
 * (§4.2.1.1: verification is throttled, §3.2.2) and deletes a code once it is used (§3.1.2.2).
 */
import { sha256b64url } from '../base64.ts'

/** Crockford's base32: digits and letters without I, L, O and U (no 1/I/L or 0/O confusion). */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const CODE_CHARS = 25
const GROUP_CHARS = 5
/** log2(32) = 5 bits a character. */
export const RECOVERY_CODE_BITS = CODE_CHARS * 5
export const RECOVERY_CODE_COUNT = 10
const MAX_COUNT = 100
/** Longer input is not a code however it is spaced: refused before any work. */
const MAX_INPUT = 64
const CANONICAL = new RegExp(`^[${ALPHABET}]{${CODE_CHARS}}$`)

/** `count` distinct codes (default 10), formatted for display: `xxxxx-xxxxx-xxxxx-xxxxx-xxxxx`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new RangeError(`the number of recovery codes must be from 1 to ${MAX_COUNT}`)
  }
  const codes = new Set<string>()
  while (codes.size < count) codes.add(format(randomCode()))
  return [...codes]
}

/**
 * The canonical form of what a user typed: case-insensitive, spaces and hyphens ignored, and
 * O read as 0, I and L as 1 (Crockford's rule, so a misread character still works). Undefined
 * for anything that cannot be a code; call it before any database work.
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return undefined
  const compact = input.replace(/[\s-]+/g, '')
  // ASCII only, checked before lower-casing: the Kelvin sign "K" lower-cases to "k".
  if (!/^[0-9A-Za-z]+$/.test(compact)) return undefined
  const read = compact.toLowerCase().replace(/o/g, '0').replace(/[il]/g, '1')
  return CANONICAL.test(read) ? read : undefined
}

/**
 * What is stored for a code and looked up: SHA-256 of the canonical form, base64url (43
 * characters). Accepts a code as generated or as typed; throws RangeError for a string that
 * normalizeRecoveryCode refuses (check user input with it first).
 */
export async function hashRecoveryCode(code: string): Promise<string> {
  const canonical = normalizeRecoveryCode(code)
  if (canonical === undefined) throw new RangeError('not a recovery code')
  return sha256b64url(canonical)
}

function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_CHARS))
  // 256 is a multiple of 32: the low five bits of a uniform byte are uniform (no modulo bias).
  return Array.from(bytes, (byte) => ALPHABET.charAt(byte & 31)).join('')
}

function format(code: string): string {
  const groups: string[] = []
  for (let at = 0; at < code.length; at += GROUP_CHARS)
    groups.push(code.slice(at, at + GROUP_CHARS))
  return groups.join('-')
}
