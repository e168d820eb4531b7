/**
 * Applies the SQL migrations in drizzle/ through the Neon driver's WebSocket Pool (so each
 * migration runs in a transaction), to a real Neon URL or to the local Neon-protocol proxy.
 *
 *   DATABASE_URL=postgres://... npm run db:migrate            # Neon
 *   DATABASE_URL=postgres://postgres@127.0.0.1:4444/postgres NEON_LOCAL_PROXY=true npm run db:migrate
 */
import { fileURLToPath } from 'node:url'
import { Pool } from '@neondatabase/serverless'
import { drizzle } from 'drizzle-orm/neon-serverless'
import { migrate } from 'drizzle-orm/neon-serverless/migrator'
import { useLocalProxy } from '../src/db/local-proxy.ts'

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url))

/** Runs every migration not yet recorded in drizzle.__drizzle_migrations. */
export async function migrateDatabase(
  databaseUrl: string,
  options: { localProxy: boolean },
): Promise<void> {
  if (options.localProxy) useLocalProxy()
  const pool = new Pool({ connectionString: databaseUrl, max: 1 })
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder: MIGRATIONS })
  } finally {
    await pool.end()
  }
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('db:migrate: set DATABASE_URL (and NEON_LOCAL_PROXY=true for the local proxy)')
    process.exit(1)
  }
  const localProxy = /^(1|true|on|yes)$/i.test(process.env.NEON_LOCAL_PROXY ?? '')
  await migrateDatabase(url, { localProxy })
  console.log(
    `db:migrate: migrations applied to ${new URL(url).host}${localProxy ? ' (local proxy)' : ''}`,
  )
}
