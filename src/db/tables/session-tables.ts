/** `sessions` (refresh-token families) and their `refresh_tokens`. */
import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './user-tables.ts'

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
    credentialEpoch: integer('credential_epoch').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** logout, logout_all, password_change, reuse */
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    clientIp: text('client_ip'),
    /** Coarse location from Cloudflare's request metadata, when the runtime gives one. */
    country: text('country'),
    city: text('city'),
    /** Set on every refresh: the device list sorts by it. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** How the session was signed in (RFC 8176 values: pwd, otp, hwk, ...), for `amr`. */
    amr: text('amr').array().notNull().default(sql`'{pwd}'`),
  },
  // The hourly prune (src/db/prune.ts) finds ended sessions by these two columns.
  (t) => [
    index('sessions_user_id_idx').on(t.userId),
    index('sessions_expires_at_idx').on(t.expiresAt),
    index('sessions_revoked_at_idx').on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
  ],
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
    // The hourly prune's search for rotated tokens past reuse detection (src/db/prune.ts).
    index('refresh_tokens_rotated_at_idx').on(t.rotatedAt).where(sql`${t.rotatedAt} is not null`),
  ],
)
