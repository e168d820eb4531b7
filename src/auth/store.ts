/** What the domain needs from storage. src/db implements it with Drizzle on the Neon driver. */

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  role: string
  name: string | null
  createdAt: Date
}

export interface NewUser {
  email: string
  passwordHash: string
  name: string | null
}

export interface UserStore {
  findByEmail(email: string): Promise<UserRecord | undefined>
  findById(id: string): Promise<UserRecord | undefined>
  /** Inserts the user; undefined when the (normalised) email is already taken. */
  create(user: NewUser): Promise<UserRecord | undefined>
  /** Replaces the hash only if it is still `previousHash` (no lost update on concurrent logins). */
  replacePasswordHash(id: string, previousHash: string, nextHash: string): Promise<boolean>
}

export interface Store {
  users: UserStore
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>
}
