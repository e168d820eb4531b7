/**
 * The local database stack as one process: a backend (the Postgres in --backend, optionally a
 * fresh scratch database on it, or embedded PGlite), the Neon-protocol proxy in front of it, and
 * the migrations applied through the Neon driver. Prints one JSON line when ready and stops
 * everything (dropping a scratch database) on SIGINT/SIGTERM or when its parent goes away.
 *
 *   node scripts/local-db.ts [--port 4444] [--backend postgres://...] [--scratch]
 *                            [--pglite-data .data/pglite] [--control]
 */
import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { migrateDatabase } from './migrate.ts'
import {
  type Backend,
  createPgliteBackend,
  createPostgresBackend,
  startNeonProxy,
} from './neon-proxy/index.ts'

export interface LocalDbReady {
  ready: true
  backend: 'postgres' | 'pglite'
  databaseUrl: string
  proxyUrl: string
  database: string
}

const log = (line: string) => process.stderr.write(`[local-db] ${line}\n`)

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      backend: { type: 'string' },
      scratch: { type: 'boolean', default: false },
      'pglite-data': { type: 'string' },
      control: { type: 'boolean', default: false },
    },
  })
  const backendUrl = values.backend
  let backend: Backend
  let user = 'postgres'
  let database = 'postgres'
  let scratch: string | undefined
  if (backendUrl) {
    const postgres = createPostgresBackend(backendUrl)
    user = postgres.user
    database = postgres.database
    if (values.scratch) {
      scratch = `edge_auth_${Date.now()}_${process.pid}`
      await withClient(backendUrl, (c) => c.query(`create database ${scratch}`))
      database = scratch
    }
    backend = postgres
  } else {
    const dataDir = values['pglite-data']
    if (dataDir) mkdirSync(dataDir, { recursive: true })
    backend = await createPgliteBackend(dataDir ? { dataDir } : {})
  }

  const stop = async () => {
    await proxy?.close().catch(() => {})
    await backend.close().catch(() => {})
    if (backendUrl && scratch) {
      await withClient(backendUrl, (c) =>
        c.query(`drop database if exists ${scratch} with (force)`),
      ).catch((error) => log(`could not drop ${scratch}: ${(error as Error).message}`))
    }
  }
  let proxy: Awaited<ReturnType<typeof startNeonProxy>> | undefined
  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    void stop().then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  // If the parent dies without signalling, stdin closes: stop too, leaving nothing behind.
  process.stdin.on('end', shutdown).resume()

  try {
    proxy = await startNeonProxy({
      backend,
      port: Number(values.port),
      control: values.control,
      log,
    })
    const databaseUrl = proxy.databaseUrl(user, database)
    await migrateDatabase(databaseUrl, { localProxy: true })
    const ready: LocalDbReady = {
      ready: true,
      backend: backend.kind,
      databaseUrl,
      proxyUrl: proxy.url,
      database,
    }
    process.stdout.write(`${JSON.stringify(ready)}\n`)
  } catch (error) {
    log((error as Error).message)
    await stop()
    process.exit(1)
  }
}

await main()
