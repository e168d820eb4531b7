import { and, eq, sql } from 'drizzle-orm'
import type { UserStore } from '../auth/store.ts'
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

/** The users table through Drizzle; every method is one round trip. */
export function createUserStore(db: Database): UserStore {
  return {
    async findByEmail(email) {
      const rows = await db
        .select(userColumns)
        .from(users)
        .where(eq(sql`lower(${users.email})`, email))
        .limit(1)
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
