/** Password length rules (NIST SP 800-63B §3.1.1.2; ASVS 5.0 V6.2.1, V6.2.9). */

export const MIN_PASSWORD_LENGTH = 8
/** Long enough for passphrases, bounded so a login cannot be made expensive (never truncated). */
export const MAX_PASSWORD_LENGTH = 1024

/** Length in Unicode code points after NFKC normalisation, as NIST counts it. */
export function passwordLength(password: string): number {
  let count = 0
  for (const _ of password.normalize('NFKC')) count++
  return count
}
