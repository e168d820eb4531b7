/** Direct reads of the test database through the same Neon driver and local proxy as the app. */
import { neon } from '@neondatabase/serverless'
import { useLocalProxy } from '../../src/db/client.ts'
import { testEnv } from './app.ts'

useLocalProxy()
const sql = neon(testEnv.DATABASE_URL ?? '')

export async function query<T = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await sql.query(text, params)) as T[]
}

export async function usersWithEmail(email: string) {
  return query<{
    id: string
    email: string
    password_hash: string
    role: string
    name: string | null
  }>('select id, email, password_hash, role, name from users where lower(email) = lower($1)', [
    email,
  ])
}
