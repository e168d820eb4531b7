/** `sessions`: starting, ending and checking refresh-token families. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { SessionStore } from '../auth/store.ts'
import { type Database, sessions, users } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { rows, ts } from './sql.ts'
import { userColumns } from './user-store.ts'

export function createSessionStore(db: Database): SessionStore {
  return {
    async insertAndClearThrottle(userId, session, throttleKey) {
      await db.execute(sql`
        with owner as (select ${userId}::uuid as user_id),
        cleared as (delete from login_throttles where email_hash = ${throttleKey}),
        ${insertSessionCte(session, sql`owner`)}
        select 1`)
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
      await db
        .update(sessions)
        .set({ revokedAt: now, revokedReason: reason })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
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
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
          ),
        )
        .limit(1)
      return found[0]
    },
  }
}
