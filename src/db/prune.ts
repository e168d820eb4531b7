import { sql } from 'drizzle-orm'
import type { PruneResult } from '../auth/store.ts'
import type { Database } from './schema.ts'
import { rows, ts } from './sql.ts'

/** Days kept after a session ends, and after a token's rotation (reuse detection needs them). */
const KEEP_ENDED_SESSION_DAYS = 30
const KEEP_ROTATED_TOKEN_DAYS = 7

/**
 * Housekeeping for the daily cron (src/index.ts `scheduled`): sessions long ended (their tokens
 * go with them), old rotated tokens, and failure counters idle past the longest lockout.
 * A rotated token older than a week no longer revokes its family when replayed; it is refused.
 */
export async function prune(
  db: Database,
  now: Date,
  maxLockoutSeconds: number,
): Promise<PruneResult> {
  const at = ts(now)
  const count = async (query: ReturnType<typeof sql>) => (await rows(db, query)).length
  return {
    sessions: await count(sql`
      delete from sessions
      where expires_at < ${at} - interval '1 day' * ${KEEP_ENDED_SESSION_DAYS}::int
         or revoked_at < ${at} - interval '1 day' * ${KEEP_ENDED_SESSION_DAYS}::int
      returning id`),
    refreshTokens: await count(sql`
      delete from refresh_tokens where rotated_at < ${at} - interval '1 day' * ${KEEP_ROTATED_TOKEN_DAYS}::int
      returning id`),
    loginThrottles: await count(sql`
      delete from login_throttles
      where last_attempt_at < ${at} - (${maxLockoutSeconds}::int + 86400) * interval '1 second'
      returning email_hash`),
  }
}
