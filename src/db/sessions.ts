/**
 * Sessions and refresh tokens. Each write is a single SQL statement (data-modifying CTEs), so it
 * is atomic over neon-http, which has no interactive transactions, and costs one round trip.
 * Rotation is a conditional UPDATE ... RETURNING: of concurrent requests with one token, exactly
 * one matches `rotated_at IS NULL` (RFC 9700 §4.14.2), never read-then-write.
 */
import { and, eq, gt, isNull, type SQL, sql } from 'drizzle-orm'
import type { Account, NewSession, Rotated, SessionStore } from '../auth/store.ts'
import type { Database } from './client.ts'
import { sessions, users } from './schema.ts'
import { userColumns } from './users.ts'

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** A CTE that inserts the session (from `source`, which yields user_id) and its first token. */
const insertSession = (s: NewSession, source: SQL) => sql`
  s as (
    insert into sessions (id, user_id, created_at, expires_at, user_agent, client_ip)
    select ${s.id}::uuid, user_id, ${ts(s.createdAt)}, ${ts(s.expiresAt)}, ${s.userAgent}::text, ${s.clientIp}::text
    from ${source}
    returning id, expires_at
  ),
  t as (
    insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at)
    select ${s.token.id}::uuid, s.id, ${s.token.hash}::text, ${ts(s.createdAt)}, least(${ts(s.token.expiresAt)}, s.expires_at)
    from s
  )`

/** Inserts `next` into the family found by `found` (session_id, session_expires_at, user_id). */
const rotatedResult = (next: { id: string; hash: string; expiresAt: Date }, now: Date) => sql`
  n as (
    insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at)
    select ${next.id}::uuid, session_id, ${next.hash}::text, ${ts(now)}, least(${ts(next.expiresAt)}, session_expires_at)
    from found
  )
  select found.session_id as "sessionId", u.id, u.email, u.role
  from found join users u on u.id = found.user_id`

type RotatedRow = Account & { sessionId: string }
const toRotated = (row: RotatedRow | undefined): Rotated | undefined =>
  row && { sessionId: row.sessionId, account: { id: row.id, email: row.email, role: row.role } }

export function createSessionStore(db: Database): SessionStore {
  return {
    async createWithUser(user, session) {
      const [row] = await rows<Account>(
        db,
        sql`
        with u as (
          insert into users (email, password_hash, name) values (${user.email}, ${user.passwordHash}, ${user.name})
          on conflict do nothing returning id, email, role, id as user_id
        ), ${insertSession(session, sql`u`)}
        select id, email, role from u`,
      )
      return row
    },
    async create(userId, session, emailHash) {
      await db.execute(sql`
        with owner as (select ${userId}::uuid as user_id),
        cleared as (delete from login_throttles where email_hash = ${emailHash}),
        ${insertSession(session, sql`owner`)}
        select 1`)
    },
    async rotate(hash, next, now) {
      const [row] = await rows<RotatedRow>(
        db,
        sql`
        with found as (
          update refresh_tokens t set rotated_at = ${ts(now)}, replaced_by = ${next.id}::uuid
          from sessions s
          where t.token_hash = ${hash} and t.rotated_at is null and t.expires_at > ${ts(now)}
            and s.id = t.session_id and s.revoked_at is null and s.expires_at > ${ts(now)}
          returning t.session_id, s.expires_at as session_expires_at, s.user_id
        ), ${rotatedResult(next, now)}`,
      )
      return toRotated(row)
    },
    async rotateAgain(hash, next, now, since) {
      const [row] = await rows<RotatedRow>(
        db,
        sql`
        with found as (
          select t.session_id, s.expires_at as session_expires_at, s.user_id
          from refresh_tokens t
          join refresh_tokens successor on successor.id = t.replaced_by
          join sessions s on s.id = t.session_id
          where t.token_hash = ${hash} and t.rotated_at >= ${ts(since)} and successor.rotated_at is null
            and s.revoked_at is null and s.expires_at > ${ts(now)}
        ), ${rotatedResult(next, now)}`,
      )
      return toRotated(row)
    },
    async revokeReused(hash, now) {
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
    async revokeAll(userId, now, reason) {
      await db
        .update(sessions)
        .set({ revokedAt: now, revokedReason: reason })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    },
    async findActiveUser(sessionId, userId, now) {
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
    async changePassword(userId, previousHash, nextHash, session) {
      const now = ts(session.createdAt)
      const [row] = await rows<Account>(
        db,
        sql`
        with u as (
          update users set password_hash = ${nextHash}, updated_at = ${now}
          where id = ${userId} and password_hash = ${previousHash}
          returning id, email, role, id as user_id
        ), revoked as (
          update sessions set revoked_at = ${now}, revoked_reason = 'password_change'
          where user_id in (select id from u) and revoked_at is null
        ), ${insertSession(session, sql`u`)}
        select id, email, role from u`,
      )
      return row
    },
  }
}
