/**
 * What the domain needs from storage, grouped by the table each method writes first; a method's
 * name says what else it touches. src/db implements it with Drizzle on the Neon driver, every
 * write as one SQL statement (atomic over neon-http, which has no interactive transactions).
 */

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  role: string
  name: string | null
  /** When the owner proved the address (a mailed link), or null. */
  emailVerifiedAt: Date | null
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
export type Credentials = Account & { passwordHash: string; credentialEpoch: number }

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

export type RevokeReason = 'logout' | 'logout_all' | 'password_change' | 'reuse'

/** A session as a token pair needs it: its id and how it was signed in. */
export interface SessionRef {
  id: string
  amr: string[]
}

export interface Rotated {
  session: SessionRef
  account: Account
}

/** `users` (and, where named, the first session with it). */
export interface UserStore {
  /** Register: the user, its session and first token together; undefined when the email is taken. */
  insertWithSession(user: NewUser, session: NewSession): Promise<Account | undefined>
  /** Replaces the hash only if it is still `previousHash` (no lost update on concurrent logins). */
  replacePasswordHash(id: string, previousHash: string, nextHash: string): Promise<boolean>
  /**
   * New hash (compare-and-set), a new credential epoch (every session ends, also one a racing
   * login is creating), a new session: one statement.
   */
  replacePasswordAndSessions(
    userId: string,
    previousHash: string,
    nextHash: string,
    session: NewSession,
  ): Promise<Account | undefined>
}

/** `login_throttles`: consecutive failures per email key. */
export interface LoginThrottleStore {
  /**
   * Counts the attempt against the key before any hashing (refused while locked; the lock is set
   * when the count reaches the limit) and reads the user from `users`, in one statement.
   */
  countAttemptAndFindUser(
    email: string,
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<LoginAttempt>
  /** The same count, for a user already known (a password re-checked while signed in). */
  countAttempt(key: string, now: Date, policy: LockoutPolicy): Promise<Attempt>
  /** A success: the count starts again. */
  clear(key: string): Promise<void>
}

/** `sessions` (refresh-token families) and their `refresh_tokens`. */
export interface SessionStore {
  /**
   * Starts a session after a good login and deletes the key's `login_throttles` row, only if
   * the user's credential epoch is still the one the login checked (false otherwise).
   */
  insertAndClearThrottle(
    user: { id: string; credentialEpoch: number },
    session: NewSession,
    throttleKey: string,
  ): Promise<boolean>
  /** Revokes the family of a token that was already rotated (reuse); false when there is none. */
  revokeByReusedToken(hash: string, now: Date): Promise<boolean>
  /** Revokes the family a token belongs to (logout); idempotent. */
  revokeByToken(hash: string, now: Date): Promise<void>
  /** Ends every session of the user, also those still being created (bumps `users.credential_epoch`). */
  revokeAllOfUser(userId: string, now: Date, reason: RevokeReason): Promise<void>
  /**
   * The user (from `users`) of a live session: not revoked, not past its absolute end, and
   * started under the user's current credential epoch.
   */
  findLiveUser(sessionId: string, userId: string, now: Date): Promise<UserRecord | undefined>
}

/** `refresh_tokens`: rotation within a live session. */
export interface RefreshTokenStore {
  /** Exchanges a current token for `next`; undefined when it is not current, expired or revoked. */
  rotate(hash: string, next: NewRefreshToken, now: Date): Promise<Rotated | undefined>
  /** Adds `next` beside a token rotated after `since` whose successor is still current (multi-tab grace). */
  rotateWithinGrace(
    hash: string,
    next: NewRefreshToken,
    now: Date,
    since: Date,
  ): Promise<Rotated | undefined>
}

export interface PruneResult {
  sessions: number
  refreshTokens: number
  loginThrottles: number
}

export interface Store {
  users: UserStore
  loginThrottles: LoginThrottleStore
  sessions: SessionStore
  refreshTokens: RefreshTokenStore
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
  /** Deletes what no request can use any more; returns counts per table. */
  prune(now: Date, maxLockoutSeconds: number): Promise<PruneResult>
}

/** The store for one request, and how to release what it opened (the WebSocket pool). */
export interface StoreLease {
  store: Store
  close(): Promise<void>
}

/** Opens the store per request: built once per isolate. */
export interface StoreConnector {
  open(): StoreLease
}
