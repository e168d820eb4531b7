/** Counters that throttle by account: failed logins, mails sent. */
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Consecutive failed logins per normalised email, for existing and unknown emails alike (so
 * lockout reveals nothing). Keyed by HMAC-SHA-256(LOCKOUT_SECRET, email) (the column keeps its
 * first name): no address is kept, and the keys cannot be tested against a list of addresses.
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

/**
 * Mails sent per account and kind (reset, verification), keyed like login_throttles, for known
 * and unknown addresses alike: at most one a minute and a daily cap (src/auth/mail-throttle.ts).
 */
export const mailThrottles = pgTable(
  'mail_throttles',
  {
    key: text('key').primaryKey(),
    /** The UTC day `sent` counts. */
    day: text('day').notNull(),
    sent: integer('sent').notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mail_throttles_last_sent_at_idx').on(t.lastSentAt)],
)
