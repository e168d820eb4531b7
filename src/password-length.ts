/**
 * How a password's length is counted, and its bounds: shared by the route declarations (the
 * maximum, checked before any hashing: src/api/field-schemas.ts) and the domain's policy (the
 * minimum: src/auth/password-policy.ts), so neither imports the other. NIST SP 800-63B
 * §3.1.1.2: Unicode code points after NFKC, never truncated.
 */

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
