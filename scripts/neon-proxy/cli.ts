/**
 * Runs the local Neon proxy until SIGINT/SIGTERM.
 *
 *   node scripts/neon-proxy/cli.ts [--port 4444] [--backend <postgres-url> | --pglite [--data <dir>]]
 *                                  [--control]
 *
 * Port: --port, else NEON_PROXY_PORT, else 4444. Backend: --backend or --pglite, else DATABASE_URL
 * when it is set, else PGlite in memory. Secret (the password clients must present): the
 * NEON_PROXY_SECRET environment variable, at least 16 characters, else a fresh random one; it is
 * not taken from the command line, where other local users could read it (ps).
 * Prints one JSON line to stdout when ready, whose databaseUrl carries the secret; logs to stderr
 * (never the secret).
 */
import { parseArgs } from 'node:util'
import { type Backend, createPostgresBackend, type PostgresBackend } from './backend.ts'
import { startNeonProxy } from './index.ts'
import { checkPortFree } from './listen.ts'
import { createPgliteBackend } from './pglite-backend.ts'

const log = (line: string): void => {
  process.stderr.write(`[neon-proxy] ${line}\n`)
}

interface CliOptions {
  port: number
  backendUrl: string | undefined
  dataDir: string | undefined
  control: boolean
}

function readOptions(): CliOptions {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      backend: { type: 'string' },
      pglite: { type: 'boolean' },
      data: { type: 'string' },
      control: { type: 'boolean' },
    },
  })
  if (values.backend && (values.pglite || values.data)) {
    throw new Error('use either --backend <postgres-url> or --pglite [--data <dir>], not both')
  }
  const portText = values.port ?? process.env.NEON_PROXY_PORT ?? '4444'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port ${JSON.stringify(portText)}`)
  }
  const usePglite = values.pglite || values.data !== undefined
  return {
    port,
    backendUrl: usePglite ? undefined : (values.backend ?? (process.env.DATABASE_URL || undefined)),
    dataDir: values.data,
    control: values.control ?? false,
  }
}

async function main(): Promise<void> {
  const opts = readOptions()
  await checkPortFree(opts.port)
  const backend: Backend = opts.backendUrl
    ? createPostgresBackend(opts.backendUrl)
    : await createPgliteBackend({ dataDir: opts.dataDir })
  let proxy: Awaited<ReturnType<typeof startNeonProxy>>
  try {
    proxy = await startNeonProxy({
      backend,
      port: opts.port,
      control: opts.control,
      secret: process.env.NEON_PROXY_SECRET || undefined,
      log,
    })
  } catch (err) {
    await backend.close()
    throw err
  }
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log(`${signal}: shutting down`)
    // Proxy first: its pools still talk to the backend.
    proxy
      .close()
      .then(() => backend.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`)
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  const pg = backend.kind === 'postgres' ? (backend as PostgresBackend) : undefined
  const ready = {
    ready: true,
    port: proxy.port,
    backend: backend.kind,
    databaseUrl: proxy.databaseUrl(pg?.user ?? 'postgres', pg?.database ?? 'postgres'),
  }
  // Only now: a launcher may signal as soon as it reads this line.
  process.stdout.write(`${JSON.stringify(ready)}\n`)
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err))
  process.exit(1)
})
