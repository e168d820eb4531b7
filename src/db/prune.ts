import { type SQL, sql } from 'drizzle-orm'
import type { PruneLimits, PruneResult } from '../auth/records.ts'
import type { Database } from './schema.ts'
import { rows, ts } from './sql.ts'

/** Days kept after a session ends, and after a token's rotation (reuse detection needs them). */
const KEEP_ENDED_SESSION_DAYS = 30
const KEEP_ROTATED_TOKEN_DAYS = 7

/**
 * Bounds of one run. A batch deletes at most `batchRows` rows and answers one count (never the
 * rows: Neon refuses an HTTP answer over 10 MB), so each statement stays well inside
 * DB_TIMEOUT_MS; `statements` keeps a run under the free plan's 50 subrequests per invocation;
 * `ms` keeps it far inside a cron's 15 minutes. What is left waits for the next hourly run.
 * (Cloudflare Workers limits: developers.cloudflare.com/workers/platform/limits/.)
 */
export const PRUNE_LIMITS: PruneLimits = { batchRows: 20_000, statements: 40, ms: 60_000 }

type Table = Exclude<keyof PruneResult, 'statements' | 'complete'>

/**
 * A session's delete cascades to its refresh tokens, one lookup per session: its batches are a
 * tenth of the others' (on 10 million tokens, `npm run scale`: 20,000 sessions at once took 5.4 s,
 * past DB_TIMEOUT_MS; 4,000 took 2.6 s).
 */
const SESSION_BATCH_SHARE = 10

/** Each table's stale rows: its key and the condition (each served by an index, migration 0006). */
function staleRows(at: SQL, maxLockoutSeconds: number): [Table, string, string, SQL][] {
  const daysAgo = (days: number) => sql`${at} - interval '1 day' * ${days}::int`
  return [
    // Tokens first: an ended session's rotated tokens are gone before its cascade runs.
    [
      'refreshTokens',
      'refresh_tokens',
      'id',
      sql`rotated_at < ${daysAgo(KEEP_ROTATED_TOKEN_DAYS)}`,
    ],
    [
      'sessions',
      'sessions',
      'id',
      sql`expires_at < ${daysAgo(KEEP_ENDED_SESSION_DAYS)}
       or revoked_at < ${daysAgo(KEEP_ENDED_SESSION_DAYS)}`,
    ],
    [
      'loginThrottles',
      'login_throttles',
      'email_hash',
      sql`last_attempt_at < ${at} - (${maxLockoutSeconds}::int + 86400) * interval '1 second'`,
    ],
    ['oneTimeTokens', 'one_time_tokens', 'id', sql`expires_at < ${daysAgo(1)}`],
    // A mail counter counts one UTC day; two days on, it can no longer refuse anything.
    ['mailThrottles', 'mail_throttles', 'key', sql`last_sent_at < ${daysAgo(2)}`],
  ]
}

/**
 * Housekeeping for the hourly cron (src/index.ts `scheduled`): sessions long ended (their tokens
 * go with them), old rotated tokens, idle failure counters, expired one-time tokens and stale
 * mail counters, in batches. A rotated token older than a week no longer revokes its family when
 * replayed; it is refused. `complete` is false when the run stopped at its limits.
 */
export async function prune(
  db: Database,
  now: Date,
  maxLockoutSeconds: number,
  limits: PruneLimits = PRUNE_LIMITS,
): Promise<PruneResult> {
  const started = Date.now()
  const result: PruneResult = {
    refreshTokens: 0,
    sessions: 0,
    loginThrottles: 0,
    oneTimeTokens: 0,
    mailThrottles: 0,
    statements: 0,
    complete: false,
  }
  const withinLimits = () =>
    result.statements < limits.statements && Date.now() - started < limits.ms
  for (const [name, table, key, stale] of staleRows(ts(now), maxLockoutSeconds)) {
    const batchRows =
      name === 'sessions' ? Math.ceil(limits.batchRows / SESSION_BATCH_SHARE) : limits.batchRows
    for (;;) {
      if (!withinLimits()) return result
      result.statements += 1
      const [batch] = await rows<{ n: number }>(
        db,
        sql`with gone as (
          delete from ${sql.raw(table)} where ${sql.raw(key)} in (
            select ${sql.raw(key)} from ${sql.raw(table)} where ${stale} limit ${batchRows}::int)
          returning 1)
        select count(*)::int as n from gone`,
      )
      const deleted = batch?.n ?? 0
      result[name] += deleted
      if (deleted < batchRows) break
    }
  }
  result.complete = true
  return result
}
