/**
 * Applies the SQL migrations in drizzle/ through the Neon driver's WebSocket Pool (so each
 * migration runs in a transaction), to a real Neon URL or to the local Neon-protocol proxy.
 *
 *   DATABASE_URL=postgres://... npm run db:migrate            # Neon
 *   DATABASE_URL=postgres://postgres@127.0.0.1:4444/postgres NEON_LOCAL_PROXY=true npm run db:migrate
 */
import { lookup } from 'node:dns/promises'
import { connect } from 'node:net'
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

/**
 * One line for what went wrong, naming the host: the Neon driver rejects with a WebSocket
 * ErrorEvent that carries no reason (its printout runs to some 80 lines) when it cannot connect,
 * so the reason is found by trying the host's name and port directly; Postgres's own refusals
 * (a wrong password, a missing database) keep their message and SQLSTATE.
 */
export async function reason(err: unknown, url: URL, localProxy: boolean): Promise<string> {
  let cause = err as { cause?: unknown; message?: unknown; code?: unknown; type?: unknown }
  while (cause?.cause) cause = cause.cause as typeof cause
  if (typeof cause?.message === 'string' && cause.message)
    return `${cause.message.split('\n')[0]}${typeof cause.code === 'string' ? ` (${cause.code})` : ''}`
  if (cause?.type !== 'error') return String(err)
  const port = localProxy ? Number(url.port || 80) : 443
  try {
    await lookup(url.hostname)
  } catch {
    return `the host name ${url.hostname} was not found`
  }
  const socket = connect({ host: url.hostname, port, timeout: 5000 })
  const reached = await new Promise<string>((resolve) => {
    socket.on('connect', () => resolve('connected'))
    socket.on('timeout', () => resolve('timed out'))
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
  socket.destroy()
  return reached === 'connected'
    ? `port ${port} answers but the WebSocket to it failed (not a Neon endpoint or proxy?)`
    : `could not connect to port ${port}: ${reached}`
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('db:migrate: set DATABASE_URL (and NEON_LOCAL_PROXY=true for the local proxy)')
    process.exit(1)
  }
  const localProxy = /^(1|true|on|yes)$/i.test(process.env.NEON_LOCAL_PROXY ?? '')
  const host = new URL(url).host
  try {
    await migrateDatabase(url, { localProxy })
  } catch (err) {
    console.error(`db:migrate: failed on ${host}: ${await reason(err, new URL(url), localProxy)}`)
    process.exit(1)
  }
  console.log(`db:migrate: migrations applied to ${host}${localProxy ? ' (local proxy)' : ''}`)
}
