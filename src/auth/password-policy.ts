/**
 * What a new password must be (NIST SP 800-63B §3.1.1.2; ASVS 5.0 V6.2.1, V6.2.4, V6.2.9):
 * long enough, not too long to hash cheaply, and not one of the most common passwords. No
 * composition rules, never truncated.
 */
import { AuthError } from '../errors.ts'
import { type BloomFilter, bloomHas } from './bloom.ts'
import { COMMON_PASSWORDS } from './common-passwords.ts'

/** The floor PASSWORD_MIN_LENGTH cannot go below (NIST's minimum for any password). */
export const MIN_PASSWORD_LENGTH = 8
/** Long enough for passphrases, bounded so a login cannot be made expensive (never truncated). */
export const MAX_PASSWORD_LENGTH = 1024

/** Length in Unicode code points after NFKC normalisation, as NIST counts it. */
export function passwordLength(password: string): number {
  let count = 0
  for (const _ of password.normalize('NFKC')) count++
  return count
}

/** The form compared with the blocklist: "Password1" is as common as "password1". */
export function normalizeForBlocklist(password: string): string {
  return password.normalize('NFKC').toLowerCase()
}

let commonFilter: BloomFilter | undefined

/** True for the 10,000 most common passwords (and about 1 in 10,000 others: a Bloom filter). */
export function isCommonPassword(password: string): boolean {
  commonFilter ??= {
    m: COMMON_PASSWORDS.m,
    k: COMMON_PASSWORDS.k,
    bits: Uint8Array.from(atob(COMMON_PASSWORDS.bits), (char) => char.charCodeAt(0)),
  }
  return bloomHas(commonFilter, normalizeForBlocklist(password))
}

/** Throws 400 `validation_failed` (too short) or `weak_password` (too common) for a new password. */
export function checkNewPassword(password: string, minLength: number, field = 'password'): void {
  if (passwordLength(password) < minLength) {
    const message = `Password must be at least ${minLength} characters`
    throw new AuthError('validation_failed', {
      details: { formErrors: [], fieldErrors: { [field]: [message] } },
    })
  }
  if (isCommonPassword(password)) throw new AuthError('weak_password', { details: { field } })
}
