/**
 * Creates the peers' tables (schema.sql) and seeds both peers with the benchmark's users, read as
 * JSON `[{email, password}]` from stdin: bcrypt cost 10 for the seed article, Better Auth's own
 * sign-up API for Better Auth (so its hashes and rows are exactly what it writes).
 *   DATABASE_URL=postgres://... node seed-users.ts < users.json
 */
import { readFileSync } from 'node:fs'
import bcrypt from 'bcrypt'
import pg from 'pg'
import { createAuth } from './better-auth.ts'

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const users = JSON.parse(readFileSync(0, 'utf8')) as { email: string; password: string }[]
const BCRYPT_COST = 10
const PARALLEL = 4

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) {
    await Promise.all(items.slice(i, i + PARALLEL).map(fn))
  }
}

const db = new pg.Pool({ connectionString: databaseUrl, max: PARALLEL })
await db.query(readFileSync(new URL('./schema.sql', import.meta.url), 'utf8'))
await inBatches(users, async ({ email, password }) => {
  const hash = await bcrypt.hash(password, BCRYPT_COST)
  await db.query(
    'insert into seed_article.users (email, password_hash) values ($1, $2) on conflict (email) do nothing',
    [email, hash],
  )
})
await db.end()

const { auth, pool } = createAuth(databaseUrl, 'http://127.0.0.1')
await inBatches(users, (user) =>
  auth.api.signUpEmail({ body: { ...user, name: user.email.split('@')[0] ?? 'user' } }),
)
await pool.end()
process.stdout.write(`${JSON.stringify({ seeded: users.length })}\n`)
