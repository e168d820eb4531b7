/**
 * Better Auth as an app would configure it for email + password on Node: its Drizzle adapter on
 * node-postgres and the options both runtimes share (better-auth-options.ts).
 */
import { betterAuth } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { BENCH_ONLY_SECRET, BETTER_AUTH_OPTIONS } from './better-auth-options.ts'
import * as schema from './better-auth-schema.ts'

/** Builds the auth instance on a pool over `databaseUrl` (tables in the better_auth schema). */
export function createAuth(databaseUrl: string, baseURL: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const db = drizzle(pool, { schema })
  const auth = betterAuth({
    ...BETTER_AUTH_OPTIONS,
    baseURL,
    secret: process.env.BETTER_AUTH_SECRET ?? BENCH_ONLY_SECRET,
    database: drizzleAdapter(db, { provider: 'pg', schema }),
  })
  return { auth, pool }
}
