/**
 * The second step of a sign-in. When the account has TOTP on, a right password is answered 403
 * `mfa_required` with `details: {mfaToken, methods}` (Auth0's shape): no session yet. The client
 * rejects `login()` with that AuthClientError; `isMfaRequired` reads it, and `completeMfa` sends
 * the token back with a code, a recovery code or a passkey. Routes that take the code in the
 * same request again (password reset, account deletion) answer the same code without a token.
 */
import { AuthClientError } from './client-error.ts'

/** `totp` (an app's code), `recovery_code`, `webauthn` (a passkey). */
export type MfaMethod = 'totp' | 'recovery_code' | 'webauthn'

/** What a 403 `mfa_required` carries in `details`. */
export interface MfaChallenge {
  /** From a login: pass it to `completeMfa` (single use, 5 minutes). Absent elsewhere. */
  mfaToken?: string
  /** The ways this account can pass the second step. */
  methods: MfaMethod[]
}

/** How to pass the second step of a login: an app's code, a recovery code, or a passkey. */
export type CompleteMfaInput =
  | { mfaToken: string; code: string }
  | { mfaToken: string; recoveryCode: string }
  /** Asks the browser for a passkey of this account (navigator.credentials.get). */
  | { mfaToken: string; passkey: true }

/** Whether `error` is a 403 `mfa_required`, with its `details` typed. */
export function isMfaRequired(
  error: unknown,
): error is AuthClientError & { code: 'mfa_required'; details: MfaChallenge } {
  if (!(error instanceof AuthClientError) || error.code !== 'mfa_required') return false
  const details = error.details as Partial<MfaChallenge> | undefined
  return Array.isArray(details?.methods)
}
