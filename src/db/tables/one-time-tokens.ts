/**
 * Every single-use secret the service hands out, hashed (SHA-256) and consumed in the same
 * statement as its effect (Better Auth keeps one `verification` table the same way): mailed
 * links (email verification, password reset, email change), the second step of a login, and
 * WebAuthn challenges. A newer token of the same purpose for the same user replaces the older.
 */
import { sql } from 'drizzle-orm'
import {
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { users } from './user-tables.ts'

export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    id: uuid('id').primaryKey(),
    /** Null for a passkey sign-in challenge, which is issued before anyone is known. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** What the token is for: the new address of an email change, the login's epoch... */
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('one_time_tokens_token_hash_key').on(t.tokenHash),
    index('one_time_tokens_user_purpose_idx').on(t.userId, t.purpose),
    index('one_time_tokens_expires_at_idx').on(t.expiresAt),
    check(
      'one_time_tokens_purpose_check',
      sql`${t.purpose} in ('verify_email', 'reset_password', 'change_email', 'mfa_login', 'passkey_register', 'passkey_login')`,
    ),
  ],
)
