/**
 * What a new password must be (NIST SP 800-63B §3.1.1.2; ASVS 5.0 V6.2.1, V6.2.4, V6.2.9):
 * long enough, not too long to hash cheaply, and not one of the most common passwords. No
 * composition rules, never truncated.
 */
import { AuthError } from '../errors.ts'
import { passwordLength } from '../password-length.ts'
import { frontDecode } from './front-coding.ts'

/** The form compared with the blocklist: "Password1" is as common as "password1". */
export function normalizeForBlocklist(password: string): string {
  return password.normalize('NFKC').toLowerCase()
}

/** The common-password blocklist: `has` answers for a password as typed (normalised inside). */
export interface CommonPasswordList {
  has(password: string): Promise<boolean>
}

/**
 * The exact list of the 10,000 most common passwords (those of 8+ characters), in any letter
 * case, so a strong password is never refused by chance. Its text (front-coded, ~16 KB) is a
 * static asset (public/common-passwords.txt), not part of the Worker bundle: `load` fetches it
 * once per isolate, at the first check of a new password, and a failed load is retried next time.
 */
export function createCommonPasswordList(load: () => Promise<string>): CommonPasswordList {
  let entries: Promise<ReadonlySet<string>> | undefined
  const set = () => {
    entries ??= load().then(
      (text) => new Set(frontDecode(text.trim())),
      (error: unknown) => {
        entries = undefined
        throw error
      },
    )
    return entries
  }
  return { has: async (password) => (await set()).has(normalizeForBlocklist(password)) }
}

/** Throws 400 `validation_failed` (too short) or `weak_password` (too common) for a new password. */
export async function checkNewPassword(
  list: CommonPasswordList,
  password: string,
  minLength: number,
  field = 'password',
): Promise<void> {
  if (passwordLength(password) < minLength) {
    const message = `Password must be at least ${minLength} characters`
    throw new AuthError('validation_failed', {
      details: { formErrors: [], fieldErrors: { [field]: [message] } },
    })
  }
  if (await list.has(password)) throw new AuthError('weak_password', { details: { field } })
}
