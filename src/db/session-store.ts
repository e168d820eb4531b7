/** `sessions`: starting, ending and checking refresh-token families. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Account, DeviceSession, SessionStore } from '../auth/store.ts'
import { type Database, sessions, users } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { emailVerified, rows, ts } from './sql.ts'
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
    async insertConsumingToken(tokenHash, session, throttleKey) {
      const now = ts(session.createdAt)
      const [row] = await rows<Account>(
        db,
        sql`
        with consumed as (
          update one_time_tokens o set used_at = ${now}
          from users u
          where o.token_hash = ${tokenHash} and o.purpose = 'mfa_login' and o.used_at is null
            and o.expires_at > ${now} and u.id = o.user_id
            and u.credential_epoch = (o.payload->>'epoch')::int
          returning o.user_id
        ),
        owner as (
          select id, email, role, email_verified_at, id as user_id, credential_epoch from users
          where id in (select user_id from consumed)
        ),
        cleared as (delete from login_throttles where email_hash = ${throttleKey}),
        ${insertSessionCte(session, sql`owner`)}
        select id, email, role, ${emailVerified('owner')} from owner`,
      )
      return row
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
    async listLive(userId, now) {
      // Raw statements answer timestamps as text on neon-http: read them as dates here.
      type Row = Omit<DeviceSession, 'createdAt' | 'lastUsedAt' | 'expiresAt'> &
        Record<'createdAt' | 'lastUsedAt' | 'expiresAt', string | null>
      const found = await rows<Row>(
        db,
        sql`
        select s.id, s.created_at as "createdAt", s.last_used_at as "lastUsedAt",
          s.expires_at as "expiresAt", s.user_agent as "userAgent", s.country, s.city
        from sessions s join users u on u.id = s.user_id and u.credential_epoch = s.credential_epoch
        where s.user_id = ${userId}::uuid and s.revoked_at is null and s.expires_at > ${ts(now)}
        order by s.last_used_at desc nulls last, s.created_at desc`,
      )
      return found.map((row) => ({
        ...row,
        createdAt: new Date(row.createdAt ?? 0),
        lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt),
        expiresAt: new Date(row.expiresAt ?? 0),
      }))
    },
    async revokeOne(userId, sessionId, now) {
      const ended = await rows<{ id: string }>(
        db,
        sql`
        update sessions set revoked_at = ${ts(now)}, revoked_reason = 'ended_by_user'
        where id = ${sessionId}::uuid and user_id = ${userId}::uuid and revoked_at is null
          and expires_at > ${ts(now)}
        returning id`,
      )
      return ended.length === 1
    },
    async revokeOthers(userId, keep, now) {
      await db.execute(sql`
        update sessions set revoked_at = ${ts(now)}, revoked_reason = 'logout_others'
        where user_id = ${userId}::uuid and id <> ${keep}::uuid and revoked_at is null`)
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
