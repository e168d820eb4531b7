/**
 * The local database stack as one process: a backend (the Postgres in --backend, optionally a
 * fresh scratch database on it, or embedded PGlite), the Neon-protocol proxy in front of it, and
 * the migrations applied through the Neon driver. Prints one JSON line when ready and stops
 * everything (dropping a scratch database) on SIGINT/SIGTERM or when its parent goes away.
 *
 *   node scripts/local-db.ts [--port 4444] [--backend postgres://...] [--scratch]
 *                            [--pglite-data .data/pglite] [--control] [--fault-proxy]
 *
 * --fault-proxy adds a second proxy with fault injection on, in front of the same database, for
 * the failure tests: faults there never disturb the users of the first one. --verbose logs every
 * SQL request and WebSocket (by default only problems are logged).
 */
import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { migrateDatabase } from './migrate.ts'
import {
  type Backend,
  createPgliteBackend,
  createPostgresBackend,
  type NeonProxy,
  startNeonProxy,
} from './neon-proxy/index.ts'

export interface LocalDbReady {
  ready: true
  backend: 'postgres' | 'pglite'
  databaseUrl: string
  proxyUrl: string
  database: string
  /** With --fault-proxy: the same database through a proxy whose faults tests may set. */
  faultDatabaseUrl?: string
  faultProxyUrl?: string
}

interface Target {
  backend: Backend
  user: string
  database: string
  /** Drops the scratch database, if one was made. */
  cleanup(): Promise<void>
}

const write = (line: string) => process.stderr.write(`[local-db] ${line}\n`)
/** One line per SQL request or WebSocket: useful when debugging, a flood under load. */
const ROUTINE = /^(POST \/sql .* -> 200 |ws \/v[12] (open|closed)$)/
let verbose = false
const log = (line: string) => {
  if (verbose || !ROUTINE.test(line)) write(line)
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

async function openTarget(options: {
  backend?: string
  scratch: boolean
  pgliteData?: string
}): Promise<Target> {
  const url = options.backend
  if (!url) {
    if (options.pgliteData) mkdirSync(options.pgliteData, { recursive: true })
    const backend = await createPgliteBackend(
      options.pgliteData ? { dataDir: options.pgliteData } : {},
    )
    return { backend, user: 'postgres', database: 'postgres', cleanup: async () => {} }
  }
  const backend = createPostgresBackend(url)
  if (!options.scratch)
    return { backend, user: backend.user, database: backend.database, cleanup: async () => {} }
  const scratch = `edge_auth_${Date.now()}_${process.pid}`
  await sql(url, `create database ${scratch}`)
  const cleanup = async () => {
    await sql(url, `drop database if exists ${scratch} with (force)`).catch((error) =>
      log(`could not drop ${scratch}: ${(error as Error).message}`),
    )
  }
  return { backend, user: backend.user, database: scratch, cleanup }
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      backend: { type: 'string' },
      scratch: { type: 'boolean', default: false },
      'pglite-data': { type: 'string' },
      control: { type: 'boolean', default: false },
      'fault-proxy': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  })
  verbose = values.verbose
  const target = await openTarget({
    backend: values.backend,
    scratch: values.scratch,
    pgliteData: values['pglite-data'],
  })
  const proxies: NeonProxy[] = []
  let stopping = false
  const stop = async () => {
    for (const proxy of proxies) await proxy.close().catch(() => {})
    await target.backend.close().catch(() => {})
    await target.cleanup()
  }
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
    const { backend, user, database } = target
    const proxy = await startNeonProxy({
      backend,
      port: Number(values.port),
      control: values.control,
      log,
    })
    proxies.push(proxy)
    const databaseUrl = proxy.databaseUrl(user, database)
    await migrateDatabase(databaseUrl, { localProxy: true })
    const ready: LocalDbReady = {
      ready: true,
      backend: backend.kind,
      databaseUrl,
      proxyUrl: proxy.url,
      database,
    }
    if (values['fault-proxy']) {
      const faulty = await startNeonProxy({ backend, control: true, log })
      proxies.push(faulty)
      ready.faultDatabaseUrl = faulty.databaseUrl(user, database)
      ready.faultProxyUrl = faulty.url
    }
    process.stdout.write(`${JSON.stringify(ready)}\n`)
  } catch (error) {
    log((error as Error).message)
    await stop()
    process.exit(1)
  }
}

await main()
