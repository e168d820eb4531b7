/**
 * Storage for the account lifecycle: single-use tokens (mailed links), and the statements that
 * consume one together with its effect, so a link works once even under concurrent use.
 */
import type { Account, NewSession } from './records.ts'

export type TokenPurpose =
  | 'verify_email'
  | 'reset_password'
  | 'change_email'
  | 'mfa_login'
  | 'passkey_register'
  | 'passkey_login'

/** A token as stored: only its hash. */
export interface NewOneTimeToken {
  id: string
  hash: string
  expiresAt: Date
}

/** At most one mail a minute and `perDay` a UTC day, per key (src/auth/email-tokens.ts). */
export interface MailLimit {
  key: string
  perDay: number
}

/** The account a mailed token was issued for, to address the mail. */
export interface MailTarget {
  id: string
  email: string
  name: string | null
}

/** A live (unused, unexpired) token, still addressed to the account's current email. */
export interface FoundToken {
  purpose: TokenPurpose
  userId: string
  email: string
  name: string | null
}

export interface OneTimeTokenStore {
  /**
   * One statement for known and unknown addresses alike (no timing difference): counts the mail
   * against `limit`, and when the account exists (and, with `unverifiedOnly`, is unverified) and
   * the limit allows, replaces its token of this purpose. The account when a mail should go.
   */
  issueByEmail(input: {
    purpose: TokenPurpose
    email: string
    token: NewOneTimeToken
    limit: MailLimit
    now: Date
    unverifiedOnly?: boolean
  }): Promise<MailTarget | undefined>
  /** The same for a known user, with a payload (the new address of an email change). */
  issueForUser(input: {
    purpose: TokenPurpose
    userId: string
    token: NewOneTimeToken
    payload: Record<string, string>
    limit: MailLimit
    now: Date
  }): Promise<boolean>
  /** A token with no mail to throttle (the mfaToken, WebAuthn challenges); may be anonymous. */
  issue(input: {
    purpose: TokenPurpose
    userId: string | null
    token: NewOneTimeToken
    payload: Record<string, string>
    now: Date
  }): Promise<void>
  /** Uses a live token of `purpose` issued for `userId` (or for no user: null) once. */
  consume(
    hash: string,
    purpose: TokenPurpose,
    userId: string | null,
    now: Date,
  ): Promise<{ userId: string | null; payload: Record<string, string> } | undefined>
  /** A live token of one of `purposes`; consumes nothing. */
  find(hash: string, purposes: TokenPurpose[], now: Date): Promise<FoundToken | undefined>
}

/** The effect of a mailed link, with the token consumed in the same statement. */
export interface MailedLinkStore {
  /**
   * New hash, a new credential epoch (every session ends), the address verified (the mail proved
   * it), the login lockout cleared, a new session. Undefined when the token was not live.
   */
  resetPassword(input: {
    tokenHash: string
    nextHash: string
    session: NewSession
    throttleKey: string
    now: Date
  }): Promise<(Account & { name: string | null }) | undefined>
  /** Marks the address verified and starts a session. */
  verifyEmail(tokenHash: string, session: NewSession, now: Date): Promise<Account | undefined>
  /**
   * Switches to the new address (unique-checked in the statement), verified; ends every other
   * session; starts this one. `taken` when the address is someone else's by now.
   */
  changeEmail(
    tokenHash: string,
    session: NewSession,
    now: Date,
  ): Promise<
    { account: Account & { name: string | null }; previousEmail: string } | 'taken' | undefined
  >
}
