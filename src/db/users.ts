import { and, eq, sql } from 'drizzle-orm'
import type { NewUser, UserRecord, UserStore } from '../auth/store.ts'
import type { Database } from './client.ts'
import { users } from './schema.ts'

const columns = {
  id: users.id,
  email: users.email,
  passwordHash: users.passwordHash,
  role: users.role,
  name: users.name,
  createdAt: users.createdAt,
}

/** The users table through Drizzle; every method is one round trip. */
export function createUserStore(db: Database): UserStore {
  return {
    async findByEmail(email) {
      const rows = await db
        .select(columns)
        .from(users)
        .where(eq(sql`lower(${users.email})`, email))
        .limit(1)
      return rows[0]
    },
    async findById(id) {
      const rows = await db.select(columns).from(users).where(eq(users.id, id)).limit(1)
      return rows[0]
    },
    async create(user: NewUser): Promise<UserRecord | undefined> {
      // ON CONFLICT DO NOTHING: a taken email is an expected outcome, not an exception.
      const rows = await db.insert(users).values(user).onConflictDoNothing().returning(columns)
      return rows[0]
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
