/**
 * What the domain needs from storage, grouped by the table each method writes first; a method's
 * name says what else it touches. src/db implements it with Drizzle on the Neon driver, every
 * write as one SQL statement (atomic over neon-http, which has no interactive transactions).
 */

import type {
  MailedLinkStore,
  MailLimit,
  MailTarget,
  NewOneTimeToken,
  OneTimeTokenStore,
} from './lifecycle-store.ts'
import type {
  Account,
  AccountExport,
  Attempt,
  Credentials,
  DeviceSession,
  Factor,
  LockoutPolicy,
  LoginAttempt,
  NewRefreshToken,
  NewSession,
  NewUser,
  PruneLimits,
  PruneResult,
  RevokeReason,
  Rotated,
  SessionRef,
  UserRecord,
} from './records.ts'
import type { FactorStore, PasskeyStore } from './second-factor-store.ts'

export type {
  Account,
  AccountExport,
  Attempt,
  Credentials,
  DeviceSession,
  Factor,
  LockoutPolicy,
  LoginAttempt,
  NewRefreshToken,
  NewSession,
  NewUser,
  PruneLimits,
  PruneResult,
  RevokeReason,
  Rotated,
  SessionRef,
  UserRecord,
}

/** `users` (and, where named, the first session with it). */
export interface UserStore {
  /**
   * Register: the user, its session, first token and verification link together; undefined
   * when the email is taken.
   */
  insertWithSession(
    user: NewUser,
    session: NewSession,
    verification: NewOneTimeToken,
  ): Promise<Account | undefined>
  /**
   * Register without a session (verification required): the user and its link when the address
   * is new, else the existing owner when a notice may go (`limit`). One statement either way.
   */
  insertPending(
    user: NewUser,
    verification: NewOneTimeToken,
    limit: MailLimit,
    now: Date,
  ): Promise<{ created: boolean; existing?: MailTarget }>
  /** Whether an account has this address (normalised). */
  emailTaken(email: string): Promise<boolean>
  /**
   * Deletes the user and, by cascade, everything keyed by its id (sessions, tokens, links,
   * factors, passkeys), with the throttle rows keyed by its address: one statement.
   */
  deleteWithEverything(userId: string, throttleKeys: string[]): Promise<boolean>
  /** Everything stored about the user, without a secret or a hash (GDPR Art. 15 and 20). */
  exportData(userId: string): Promise<AccountExport | undefined>
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
  /**
   * The second step of a login: consumes the mfa_login token (live, and issued under the user's
   * current credential epoch), clears the lockout row and starts the session, in one statement.
   */
  insertConsumingToken(
    tokenHash: string,
    session: NewSession,
    throttleKey: string,
  ): Promise<Account | undefined>
  /**
   * Starts a session for a user signed in another way (a passkey), under its current credential
   * epoch; with `verifiedOnly`, only when the address is verified (else 'unverified').
   */
  insertForUser(
    userId: string,
    session: NewSession,
    verifiedOnly: boolean,
  ): Promise<Account | 'unverified' | undefined>
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
  /**
   * The user's sessions that can still be used (live, and a token of theirs not past its idle
   * limit), most recently used first.
   */
  listLive(userId: string, now: Date): Promise<DeviceSession[]>
  /** Ends one listed session of this user; false for any other (unknown, ended, idle, another's). */
  revokeOne(userId: string, sessionId: string, now: Date): Promise<boolean>
  /** Ends every live session of the user but `keep`. */
  revokeOthers(userId: string, keep: string, now: Date): Promise<void>
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

export interface Store {
  users: UserStore
  factors: FactorStore
  passkeys: PasskeyStore
  oneTimeTokens: OneTimeTokenStore
  mailedLinks: MailedLinkStore
  loginThrottles: LoginThrottleStore
  sessions: SessionStore
  refreshTokens: RefreshTokenStore
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
  /** Deletes what no request can use any more, in bounded batches; returns counts per table. */
  prune(now: Date, maxLockoutSeconds: number, limits?: PruneLimits): Promise<PruneResult>
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
