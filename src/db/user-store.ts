/** `users`, and the statements that write a user together with its sessions. */
import { and, eq, sql } from 'drizzle-orm'
import type { Account, UserStore } from '../auth/store.ts'
import { type Database, users } from './schema.ts'
import { insertSessionCte } from './session-sql.ts'
import { emailVerified, rows, ts } from './sql.ts'

/** The columns of a UserRecord. */
export const userColumns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  role: users.role,
  name: users.name,
  emailVerifiedAt: users.emailVerifiedAt,
  createdAt: users.createdAt,
}

export function createUserStore(db: Database): UserStore {
  return {
    async insertWithSession(user, session) {
      const [row] = await rows<Account>(
        db,
        sql`
        with u as (
          insert into users (email, password_hash, name) values (${user.email}, ${user.passwordHash}, ${user.name})
          on conflict do nothing returning id, email, role, id as user_id, credential_epoch
        ), ${insertSessionCte(session, sql`u`)}
        select id, email, role, false as "emailVerified" from u`,
      )
      return row
    },
    async replacePasswordHash(id, previousHash, nextHash) {
      const updated = await db
        .update(users)
        .set({ passwordHash: nextHash, updatedAt: sql`now()` })
        .where(and(eq(users.id, id), eq(users.passwordHash, previousHash)))
        .returning({ id: users.id })
      return updated.length === 1
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
