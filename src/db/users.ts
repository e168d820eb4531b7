import { and, eq, sql } from 'drizzle-orm'
import type { Credentials, LoginAttempt, UserStore } from '../auth/store.ts'
import type { Database } from './client.ts'
import { users } from './schema.ts'

export const userColumns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  role: users.role,
  name: users.name,
  createdAt: users.createdAt,
}

interface AttemptRow {
  failures: number | null
  locked_until_ms: string | null
  id: string | null
  email: string | null
  role: string | null
  password_hash: string | null
}

/** The users table through Drizzle; every method is one round trip. */
export function createUserStore(db: Database): UserStore {
  return {
    async beginLogin(email, emailHash, now, policy): Promise<LoginAttempt> {
      const at = sql`${now.toISOString()}::timestamptz`
      const max = sql`${policy.maxFailures}::int`
      // The upsert only happens while unlocked (ON CONFLICT ... WHERE), under the row lock, so
      // concurrent attempts are counted exactly once each and none slips past the limit.
      const result = (await db.execute(sql`
        with attempt as (
          insert into login_throttles as t (email_hash, failures, locked_until, last_attempt_at)
          values (${emailHash}, 1, case when 1 >= ${max} then ${at} + ${policy.baseDelay}::int * interval '1 second' end, ${at})
          on conflict (email_hash) do update set
            failures = t.failures + 1,
            locked_until = case when t.failures + 1 >= ${max} then ${at} + least(
              ${policy.maxDelay}::int, ${policy.baseDelay}::int * power(2, t.failures + 1 - ${max})
            ) * interval '1 second' end,
            last_attempt_at = ${at}
          where t.locked_until is null or t.locked_until <= ${at}
          returning failures
        )
        select (select failures from attempt) as failures,
          (select (extract(epoch from locked_until) * 1000)::bigint::text from login_throttles where email_hash = ${emailHash}) as locked_until_ms,
          u.id, u.email, u.role, u.password_hash
        from (select 1) as one left join users u on lower(u.email) = ${email}`)) as unknown as {
        rows: AttemptRow[]
      }
      const row = result.rows[0]
      if (row?.failures == null) {
        const ms = row?.locked_until_ms == null ? undefined : Number(row.locked_until_ms)
        return { allowed: false, lockedUntil: ms === undefined ? undefined : new Date(ms) }
      }
      const user: Credentials | undefined =
        row.id && row.email && row.role && row.password_hash
          ? { id: row.id, email: row.email, role: row.role, passwordHash: row.password_hash }
          : undefined
      return { allowed: true, user }
    },
    async replacePasswordHash(id, previousHash, nextHash) {
      const rows = await db
        .update(users)
        .set({ passwordHash: nextHash, updatedAt: sql`now()` })
        .where(and(eq(users.id, id), eq(users.passwordHash, previousHash)))
        .returning({ id: users.id })
      return rows.length === 1
    },
  }
}
