/** The shapes of stored records as the domain sees them (src/auth/store.ts names the operations). */

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  role: string
  name: string | null
  /** When the owner proved the address (a mailed link), or null. */
  emailVerifiedAt: Date | null
  /** The second factors and sign-in methods enabled besides the password. */
  factors: Factor[]
  createdAt: Date
}

/** The fields a token pair needs. */
export type Account = Pick<UserRecord, 'id' | 'email' | 'role'> & { emailVerified: boolean }

export interface NewUser {
  email: string
  passwordHash: string
  name: string | null
}

/** What a login needs to check a password, and the credential state it checked. */
export type Credentials = Account & {
  passwordHash: string
  credentialEpoch: number
  factors: Factor[]
}

/** A second factor or another way to sign in, besides the password. */
export type Factor = 'totp' | 'passkey'

/** LOGIN_MAX_FAILURES and the lockout delay: base seconds, doubled per further failure, capped. */
export interface LockoutPolicy {
  maxFailures: number
  baseDelay: number
  maxDelay: number
}

export type Attempt = { allowed: true } | { allowed: false; lockedUntil: Date | undefined }

export type LoginAttempt =
  | { allowed: true; user: Credentials | undefined }
  | { allowed: false; lockedUntil: Date | undefined }

export interface NewRefreshToken {
  id: string
  /** SHA-256 of the opaque token, never the token. */
  hash: string
  /** Idle limit; the store caps it at the session's absolute end. */
  expiresAt: Date
}

export interface NewSession {
  id: string
  createdAt: Date
  /** Absolute end of the family. */
  expiresAt: Date
  userAgent: string | null
  clientIp: string | null
  country: string | null
  city: string | null
  /** How the session was signed in (RFC 8176): `pwd`, `otp`, `hwk`, `swk`, `user`, `mfa`... */
  amr: string[]
  token: NewRefreshToken
}

export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'password_change'
  | 'password_reset'
  | 'email_change'
  | 'ended_by_user'
  | 'logout_others'
  | 'reuse'

/** A session as a token pair needs it: its id and how it was signed in. */
export interface SessionRef {
  id: string
  amr: string[]
}

export interface Rotated {
  session: SessionRef
  account: Account
}

/** Rows one prune run deleted per table, the statements it spent, and whether it finished. */
export interface PruneResult {
  refreshTokens: number
  sessions: number
  loginThrottles: number
  oneTimeTokens: number
  mailThrottles: number
  statements: number
  complete: boolean
}

/** The bounds of one prune run: rows per statement, statements, wall-clock milliseconds. */
export interface PruneLimits {
  batchRows: number
  statements: number
  ms: number
}

/** A session as its owner sees it in the device list (no token, no hash). */
export interface DeviceSession {
  id: string
  createdAt: Date
  lastUsedAt: Date | null
  expiresAt: Date
  userAgent: string | null
  country: string | null
  city: string | null
}

/** What `GET /auth/account/export` answers: JSON as stored, secrets and hashes left out. */
export interface AccountExport {
  profile: Record<string, unknown>
  sessions: Record<string, unknown>[]
  secondFactors: Record<string, unknown>[]
  passkeys: Record<string, unknown>[]
}
