/**
 * `refresh_tokens`: rotation. Each exchange is a single statement (data-modifying CTEs), so it is
 * atomic over neon-http and costs one round trip. Rotation is a conditional UPDATE ... RETURNING:
 * of concurrent requests with one token, exactly one matches `rotated_at IS NULL`
 * (RFC 9700 §4.14.2), never read-then-write.
 */
import { sql } from 'drizzle-orm'
import type { Account, NewRefreshToken, RefreshTokenStore, Rotated } from '../auth/store.ts'
import type { Database } from './schema.ts'
import { emailVerified, rows, ts } from './sql.ts'

/** Inserts `next` into the family found by `found` (session_id, session_expires_at, user_id). */
const insertNextAndAnswer = (next: NewRefreshToken, now: Date) => sql`
  n as (
    insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at)
    select ${next.id}::uuid, session_id, ${next.hash}::text, ${ts(now)}, least(${ts(next.expiresAt)}, session_expires_at)
    from found
  ),
  touched as (update sessions set last_used_at = ${ts(now)} where id in (select session_id from found))
  select found.session_id as "sessionId", found.amr, u.id, u.email, u.role, ${emailVerified('u')}
  from found join users u on u.id = found.user_id`

/**
 * CTEs `live` and `touched`: the token's session while it is live (not revoked, not past its end,
 * under the user's current credential epoch), row-locked: a logout, reuse revocation or password
 * change committing meanwhile makes this rotation wait and then see the session ended, so no
 * pair is handed out for a session being ended. Its last use is now (the device list).
 */
const liveSessionOf = (hash: string, now: Date) => sql`
  live as (
    select s.id, s.expires_at, s.user_id, s.amr
    from sessions s join users u on u.id = s.user_id and u.credential_epoch = s.credential_epoch
    where s.id = (select session_id from refresh_tokens where token_hash = ${hash})
      and s.revoked_at is null and s.expires_at > ${ts(now)}
    for no key update of s
  )`

type RotatedRow = Account & { sessionId: string; amr: string[] }
const toRotated = (row: RotatedRow | undefined): Rotated | undefined =>
  row && {
    session: { id: row.sessionId, amr: row.amr },
    account: { id: row.id, email: row.email, role: row.role, emailVerified: row.emailVerified },
  }

export function createRefreshTokenStore(db: Database): RefreshTokenStore {
  return {
    async rotate(hash, next, now) {
      const [row] = await rows<RotatedRow>(
        db,
        sql`
        with ${liveSessionOf(hash, now)},
        found as (
          update refresh_tokens t set rotated_at = ${ts(now)}, replaced_by = ${next.id}::uuid
          from live
          where t.token_hash = ${hash} and t.rotated_at is null and t.expires_at > ${ts(now)}
            and t.session_id = live.id
          returning t.session_id, live.expires_at as session_expires_at, live.user_id, live.amr
        ), ${insertNextAndAnswer(next, now)}`,
      )
      return toRotated(row)
    },
    async rotateWithinGrace(hash, next, now, since) {
      const [row] = await rows<RotatedRow>(
        db,
        sql`
        with ${liveSessionOf(hash, now)},
        found as (
          select t.session_id, live.expires_at as session_expires_at, live.user_id, live.amr
          from refresh_tokens t
          join refresh_tokens successor on successor.id = t.replaced_by
          join live on live.id = t.session_id
          where t.token_hash = ${hash} and t.rotated_at >= ${ts(since)} and successor.rotated_at is null
        ), ${insertNextAndAnswer(next, now)}`,
      )
      return toRotated(row)
    },
  }
}
