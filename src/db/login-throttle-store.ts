/** `login_throttles`: the per-account lockout, counted before any hashing. */
import { type SQL, sql } from 'drizzle-orm'
import type {
  Attempt,
  Credentials,
  Factor,
  LockoutPolicy,
  LoginAttempt,
  LoginThrottleStore,
} from '../auth/store.ts'
import type { Database } from './schema.ts'
import { factorsOf, rows, ts } from './sql.ts'

/**
 * CTE `attempt` and the columns `failures` (null when refused: the key is locked) and
 * `locked_until_ms`. The upsert only happens while unlocked (ON CONFLICT ... WHERE), under the
 * row lock, so concurrent attempts are counted exactly once each and none slips past the limit.
 */
function countAttemptSql(
  key: string,
  now: Date,
  policy: LockoutPolicy,
): { cte: SQL; columns: SQL } {
  const at = ts(now)
  const max = sql`${policy.maxFailures}::int`
  const cte = sql`
    attempt as (
      insert into login_throttles as t (email_hash, failures, locked_until, last_attempt_at)
      values (${key}, 1, case when 1 >= ${max} then ${at} + ${policy.baseDelay}::int * interval '1 second' end, ${at})
      on conflict (email_hash) do update set
        failures = t.failures + 1,
        locked_until = case when t.failures + 1 >= ${max} then ${at} + least(
          ${policy.maxDelay}::int, ${policy.baseDelay}::int * power(2, t.failures + 1 - ${max})
        ) * interval '1 second' end,
        last_attempt_at = ${at}
      where t.locked_until is null or t.locked_until <= ${at}
      returning failures
    )`
  const columns = sql`(select failures from attempt) as failures,
    (select (extract(epoch from locked_until) * 1000)::bigint::text from login_throttles where email_hash = ${key}) as locked_until_ms`
  return { cte, columns }
}

interface AttemptRow {
  failures: number | null
  locked_until_ms: string | null
}

interface UserRow extends AttemptRow {
  id: string | null
  email: string | null
  role: string | null
  password_hash: string | null
  credential_epoch: number | null
  email_verified: boolean | null
  factors: Factor[] | null
}

function attemptOf(row: AttemptRow | undefined): Attempt {
  if (row?.failures != null) return { allowed: true }
  const ms = row?.locked_until_ms == null ? undefined : Number(row.locked_until_ms)
  return { allowed: false, lockedUntil: ms === undefined ? undefined : new Date(ms) }
}

export function createLoginThrottleStore(db: Database): LoginThrottleStore {
  return {
    async countAttemptAndFindUser(email, key, now, policy): Promise<LoginAttempt> {
      const { cte, columns } = countAttemptSql(key, now, policy)
      const [row] = await rows<UserRow>(
        db,
        sql`with ${cte}
        select ${columns}, u.id, u.email, u.role, u.password_hash, u.credential_epoch,
          u.email_verified_at is not null as email_verified, ${factorsOf('u')} as factors
        from (select 1) as one left join users u on lower(u.email) = ${email}`,
      )
      const attempt = attemptOf(row)
      if (!attempt.allowed || !row) return attempt as LoginAttempt
      const { id, email: address, role, password_hash: hash, credential_epoch: epoch } = row
      const user: Credentials | undefined =
        id && address && role && hash && epoch !== null
          ? {
              id,
              email: address,
              role,
              emailVerified: row.email_verified === true,
              passwordHash: hash,
              credentialEpoch: epoch,
              factors: row.factors ?? [],
            }
          : undefined
      return { allowed: true, user }
    },
    async countAttempt(key, now, policy) {
      const { cte, columns } = countAttemptSql(key, now, policy)
      const [row] = await rows<AttemptRow>(db, sql`with ${cte} select ${columns}`)
      return attemptOf(row)
    },
    async clear(key) {
      await db.execute(sql`delete from login_throttles where email_hash = ${key}`)
    },
  }
}
