/** `sessions`: starting, ending and checking refresh-token families. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { SessionStore } from '../auth/store.ts'
import { type Database, sessions, users } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { rows, ts } from './sql.ts'
import { userColumns } from './user-store.ts'

export function createSessionStore(db: Database): SessionStore {
  return {
    async insertAndClearThrottle(user, session, throttleKey) {
      const inserted = await rows<{ id: string }>(
        db,
        sql`
        with owner as (
          select id as user_id, credential_epoch from users
          where id = ${user.id}::uuid and credential_epoch = ${user.credentialEpoch}::int
        ),
        cleared as (delete from login_throttles where email_hash = ${throttleKey}),
        ${insertSessionCte(session, sql`owner`)}
        select id from s`,
      )
      return inserted.length === 1
    },
    async revokeByReusedToken(hash, now) {
      const revoked = await rows<{ id: string }>(
        db,
        sql`
        update sessions s set revoked_at = ${ts(now)}, revoked_reason = 'reuse'
        from refresh_tokens t
        where t.token_hash = ${hash} and t.rotated_at is not null and s.id = t.session_id and s.revoked_at is null
        returning s.id`,
      )
      return revoked.length > 0
    },
    async revokeByToken(hash, now) {
      await db.execute(sql`
        update sessions s set revoked_at = ${ts(now)}, revoked_reason = 'logout'
        from refresh_tokens t
        where t.token_hash = ${hash} and s.id = t.session_id and s.revoked_at is null`)
    },
    async revokeAllOfUser(userId, now, reason) {
      await db.execute(sql`
        with bumped as (
          update users set credential_epoch = credential_epoch + 1 where id = ${userId}::uuid
        )
        update sessions set revoked_at = ${ts(now)}, revoked_reason = ${reason}
        where user_id = ${userId}::uuid and revoked_at is null`)
    },
    async findLiveUser(sessionId, userId, now) {
      const found = await db
        .select(userColumns)
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.id, sessionId),
            eq(sessions.userId, userId),
            eq(sessions.credentialEpoch, users.credentialEpoch),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
          ),
        )
        .limit(1)
      return found[0]
    },
  }
}
