/** `users`: one row per account. */
import { sql } from 'drizzle-orm'
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

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
    /** When the owner proved the address (a mailed link); null until then. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in ('user', 'admin')`),
  ],
)
