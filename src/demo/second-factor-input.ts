/** What a person typed in a "code" field: an app's 6 digits, or else a recovery code. */

/** `123 456` (as apps show it) is a code; anything else is sent as a recovery code. */
export function secondFactorOf(typed: string): { code: string } | { recoveryCode: string } {
  const compact = typed.replaceAll(' ', '')
  return /^\d{6}$/.test(compact) ? { code: compact } : { recoveryCode: typed.trim() }
}
