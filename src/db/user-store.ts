/** `users`, and the statements that write a user together with its sessions. */
import { sql } from 'drizzle-orm'
import type { MailTarget, NewOneTimeToken } from '../auth/lifecycle-store.ts'
import type { Account, UserStore } from '../auth/store.ts'
import { deleteWithEverything, exportData } from './gdpr-queries.ts'
import { countMail } from './one-time-token-store.ts'
import type { Database } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { emailVerified, rows, ts } from './sql.ts'

/**
 * CTE `link`: the new user's (`u`) email-verification token, addressed to that email and bound
 * to the credential epoch (src/db/mailed-link-store.ts: a later credential change voids it).
 */
const insertVerification = (token: NewOneTimeToken, now: Date) => sql`
  link as (
    insert into one_time_tokens (id, user_id, purpose, token_hash, payload, created_at, expires_at)
    select ${token.id}::uuid, u.id, 'verify_email', ${token.hash}, jsonb_build_object('email', u.email, 'epoch', u.credential_epoch),
      ${ts(now)}, ${ts(token.expiresAt)}
    from u
  )`

export function createUserStore(db: Database): UserStore {
  return {
    async insertWithSession(user, session, verification) {
      const [row] = await rows<Account>(
        db,
        sql`
        with u as (
          insert into users (email, password_hash, name) values (${user.email}, ${user.passwordHash}, ${user.name})
          on conflict do nothing returning id, email, role, id as user_id, credential_epoch
        ), ${insertSessionCte(session, sql`u`)},
        ${insertVerification(verification, session.createdAt)}
        select id, email, role, false as "emailVerified" from u`,
      )
      return row
    },
    async insertPending(user, verification, limit, now) {
      const [row] = await rows<{ created: boolean; id: string | null } & MailTarget>(
        db,
        sql`
        with u as (
          insert into users (email, password_hash, name) values (${user.email}, ${user.passwordHash}, ${user.name})
          on conflict do nothing returning id, email, credential_epoch
        ),
        existing as (
          select id, email, name from users
          where lower(email) = ${user.email} and not exists (select 1 from u)
        ),
        ${countMail(limit, now, sql`exists (select 1 from existing)`)},
        ${insertVerification(verification, now)}
        select exists (select 1 from u) as created, e.id, e.email, e.name
        from (select 1) one
        left join existing e on exists (select 1 from allowed)`,
      )
      if (!row || row.created) return { created: true }
      return row.id
        ? { created: false, existing: { id: row.id, email: row.email, name: row.name } }
        : { created: false }
    },
    async replacePasswordHash(id, previousHash, nextHash) {
      const updated = await rows(
        db,
        sql`update users set password_hash = ${nextHash}, updated_at = now()
            where id = ${id}::uuid and password_hash = ${previousHash} returning id`,
      )
      return updated.length === 1
    },
    deleteWithEverything: (userId, throttleKeys) => deleteWithEverything(db, userId, throttleKeys),
    exportData: (userId) => exportData(db, userId),
    async emailTaken(email) {
      const found = await rows(db, sql`select 1 from users where lower(email) = ${email}`)
      return found.length > 0
    },
    async replacePasswordAndSessions(userId, previousHash, nextHash, session) {
      const now = ts(session.createdAt)
      const [row] = await rows<Account>(
        db,
        sql`
        with u as (
          update users set password_hash = ${nextHash}, updated_at = ${now},
            credential_epoch = credential_epoch + 1
          where id = ${userId} and password_hash = ${previousHash}
          returning id, email, role, id as user_id, credential_epoch, email_verified_at
        ), revoked as (
          update sessions set revoked_at = ${now}, revoked_reason = 'password_change'
          where user_id in (select id from u) and revoked_at is null
        ), ${insertSessionCte(session, sql`u`)}
        select id, email, role, ${emailVerified('u')} from u`,
      )
      return row
    },
  }
}
