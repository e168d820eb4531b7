/**
 * Better Auth as an app would configure it for email + password: its Drizzle adapter on
 * node-postgres, its default password hashing (scrypt through node:crypto, see README.md).
 * Its rate limiter is off, as the benchmark measures logins, not the limiter.
 */
import { betterAuth } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import * as schema from './better-auth-schema.ts'

/** Builds the auth instance on a pool over `databaseUrl` (tables in the better_auth schema). */
export function createAuth(databaseUrl: string, baseURL: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  const db = drizzle(pool, { schema })
  const auth = betterAuth({
    baseURL,
    secret: process.env.BETTER_AUTH_SECRET ?? 'bench-only-secret-bench-only-secret!!',
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
  })
  return { auth, pool }
}
