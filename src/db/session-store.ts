/** `sessions`: starting, ending and checking refresh-token families. */
import { sql } from 'drizzle-orm'
import type { Account, DeviceSession, SessionStore, UserRecord } from '../auth/store.ts'
import type { Database } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { emailVerified, factorsOf, rows, ts } from './sql.ts'

/** A users row as raw SQL answers it: timestamps as ISO text. */
type UserRow = Omit<UserRecord, 'emailVerifiedAt' | 'createdAt'> & {
  emailVerifiedAt: string | null
  createdAt: string
}

/**
 * A session can still be used while a token of its family can still refresh: the idle limit
 * (REFRESH_IDLE_TTL) lives on `refresh_tokens.expires_at`, so a session idle past it is over
 * even though `sessions.expires_at` lies ahead. A subquery on the family's index, no round trip.
 */
const refreshable = (now: Date) => sql`exists (
  select 1 from refresh_tokens t
  where t.session_id = s.id and t.rotated_at is null and t.expires_at > ${ts(now)})`

const toUserRecord = (row: UserRow): UserRecord => ({
  ...row,
  emailVerifiedAt: row.emailVerifiedAt === null ? null : new Date(row.emailVerifiedAt),
  createdAt: new Date(row.createdAt),
})

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
    async insertForUser(userId, session, verifiedOnly) {
      const [row] = await rows<Account & { started: boolean }>(
        db,
        sql`
        with owner as (
          select id, email, role, email_verified_at, id as user_id, credential_epoch from users
          where id = ${userId}::uuid
        ),
        eligible as (
          select * from owner where ${!verifiedOnly} or email_verified_at is not null
        ),
        ${insertSessionCte(session, sql`eligible`)}
        select id, email, role, ${emailVerified('owner')}, exists (select 1 from eligible) as started
        from owner`,
      )
      if (!row) return undefined
      const { started, ...account } = row
      return started ? account : 'unverified'
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
          and ${refreshable(now)}
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
        update sessions s set revoked_at = ${ts(now)}, revoked_reason = 'ended_by_user'
        where s.id = ${sessionId}::uuid and s.user_id = ${userId}::uuid and s.revoked_at is null
          and s.expires_at > ${ts(now)} and ${refreshable(now)}
        returning s.id`,
      )
      return ended.length === 1
    },
    async revokeOthers(userId, keep, now) {
      await db.execute(sql`
        update sessions set revoked_at = ${ts(now)}, revoked_reason = 'logout_others'
        where user_id = ${userId}::uuid and id <> ${keep}::uuid and revoked_at is null`)
    },
    async findLiveUser(sessionId, userId, now) {
      const [row] = await rows<UserRow>(
        db,
        sql`
        select u.id, u.email, u.password_hash as "passwordHash", u.role, u.name,
          to_json(u.email_verified_at)#>>'{}' as "emailVerifiedAt",
          to_json(u.created_at)#>>'{}' as "createdAt", ${factorsOf('u')} as factors
        from sessions s join users u on u.id = s.user_id and u.credential_epoch = s.credential_epoch
        where s.id = ${sessionId}::uuid and s.user_id = ${userId}::uuid
          and s.revoked_at is null and s.expires_at > ${ts(now)}`,
      )
      return row && toUserRecord(row)
    },
  }
}
