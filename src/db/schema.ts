import { sql } from 'drizzle-orm'
import {
  check,
  index,
  integer,
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/** What every store module queries through: drizzle over either Neon driver. */
export type Database = PgDatabase<PgQueryResultHKT>

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored trimmed and lower-cased; unique on lower(email) as a second guard. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull().default('user'),
    name: text('name'),
    /**
     * Bumped by every change that must end existing sessions (password change or reset,
     * logout everywhere, account changes). A session is live only while it carries the user's
     * current epoch, so a login that checked the old password and commits after the change
     * never yields a working session (see sessions.credential_epoch).
     */
    credentialEpoch: integer('credential_epoch').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in ('user', 'admin')`),
  ],
)

/**
 * A session is one refresh-token family (RFC 9700 §4.14.2): created at login, ended by logout,
 * password change, reuse detection or its absolute lifetime. Access tokens carry its id (`sid`).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Absolute end of the family, whatever the rotations. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The user's credential epoch the session was started under (verified, not re-read). */
    credentialEpoch: integer('credential_epoch').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** logout, logout_all, password_change, reuse */
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    clientIp: text('client_ip'),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
)

/** Refresh tokens: only the SHA-256 of the opaque token is stored. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Idle limit: the token is refused after this even if the session lives on. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the token is exchanged; a rotated token presented again is a reuse. */
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    replacedBy: uuid('replaced_by'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash),
    index('refresh_tokens_session_id_idx').on(t.sessionId),
  ],
)

/**
 * Consecutive failed logins per normalised email, for existing and unknown emails alike (so
 * lockout reveals nothing). Keyed by the SHA-256 of the email: no address is kept for unknown ones.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    emailHash: text('email_hash').primaryKey(),
    /** Attempts counted since the last success, including the one in flight. */
    failures: integer('failures').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_throttles_last_attempt_at_idx').on(t.lastAttemptAt)],
)
