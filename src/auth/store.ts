/** What the domain needs from storage. src/db implements it with Drizzle on the Neon driver. */

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  role: string
  name: string | null
  createdAt: Date
}

/** The fields a token pair needs. */
export type Account = Pick<UserRecord, 'id' | 'email' | 'role'>

export interface NewUser {
  email: string
  passwordHash: string
  name: string | null
}

/** What a login needs to check a password. */
export type Credentials = Account & { passwordHash: string }

/** LOGIN_MAX_FAILURES and the lockout delay: base seconds, doubled per further failure, capped. */
export interface LockoutPolicy {
  maxFailures: number
  baseDelay: number
  maxDelay: number
}

export type LoginAttempt =
  | { allowed: true; user: Credentials | undefined }
  | { allowed: false; lockedUntil: Date | undefined }

export interface UserStore {
  /**
   * Counts the attempt against the email before any hashing (refused while locked; the lock is
   * set when the count reaches the limit) and reads the user, in one statement.
   */
  beginLogin(
    email: string,
    emailHash: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<LoginAttempt>
  /** Replaces the hash only if it is still `previousHash` (no lost update on concurrent logins). */
  replacePasswordHash(id: string, previousHash: string, nextHash: string): Promise<boolean>
}

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
  token: NewRefreshToken
}

export type RevokeReason = 'logout' | 'logout_all' | 'password_change' | 'reuse'

export interface Rotated {
  sessionId: string
  account: Account
}

/** Sessions are refresh-token families; every write below is one atomic SQL statement. */
export interface SessionStore {
  /** Register: the user, its session and first token together; undefined when the email is taken. */
  createWithUser(user: NewUser, session: NewSession): Promise<Account | undefined>
  /** Starts a session after a good login and clears the email's failure count. */
  create(userId: string, session: NewSession, emailHash: string): Promise<void>
  /** Exchanges a current token for `next`; undefined when it is not current, expired or revoked. */
  rotate(hash: string, next: NewRefreshToken, now: Date): Promise<Rotated | undefined>
  /** Adds `next` beside a token rotated after `since` whose successor is still current (multi-tab grace). */
  rotateAgain(
    hash: string,
    next: NewRefreshToken,
    now: Date,
    since: Date,
  ): Promise<Rotated | undefined>
  /** Revokes the family of a token that was already rotated (reuse); false when there is none. */
  revokeReused(hash: string, now: Date): Promise<boolean>
  /** Revokes the family a token belongs to (logout); idempotent. */
  revokeByToken(hash: string, now: Date): Promise<void>
  revokeAll(userId: string, now: Date, reason: RevokeReason): Promise<void>
  /** The user of a live session (not revoked, not past its absolute end). */
  findActiveUser(sessionId: string, userId: string, now: Date): Promise<UserRecord | undefined>
  /** New hash (compare-and-set), every session revoked, a new session: one statement. */
  changePassword(
    userId: string,
    previousHash: string,
    nextHash: string,
    session: NewSession,
  ): Promise<Account | undefined>
}

export interface PruneResult {
  sessions: number
  refreshTokens: number
  loginThrottles: number
}

export interface Store {
  users: UserStore
  sessions: SessionStore
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
  /** Deletes what no request can use any more; returns counts per table. */
  prune(now: Date, maxLockoutSeconds: number): Promise<PruneResult>
}
