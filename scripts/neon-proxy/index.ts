import http from 'node:http'
import type { Socket } from 'node:net'
import type { Backend } from './backend.ts'
import type { Fault } from './faults.ts'
import { handleHttp } from './http.ts'
import { listen } from './listen.ts'
import { PgPools } from './pools.ts'
import { createWsGateway } from './ws.ts'

export type { Backend, PostgresBackend } from './backend.ts'
export { createPostgresBackend } from './backend.ts'
export type { Fault } from './faults.ts'
export { checkPortFree } from './listen.ts'
export { createPgliteBackend, type PgliteBackendOptions } from './pglite-backend.ts'

/** Options for {@link startNeonProxy}. */
export interface NeonProxyOptions {
  backend: Backend
  /** Default 0 = any free port. */
  port?: number
  /** Default and only sensible value: '127.0.0.1'. */
  host?: string
  /** Enable POST /__control/fault (tests only). */
  control?: boolean
  /** Default: no logging. Query params are never logged (they hold password and token hashes). */
  log?: (line: string) => void
}

/** A running proxy. */
export interface NeonProxy {
  readonly port: number
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** A DATABASE_URL for the app: postgres://<user>@127.0.0.1:<port>/<database> */
  databaseUrl(user: string, database: string): string
  setFault(fault: Fault | null): void
  /** Closes listeners, open sockets, WebSockets and pg pools (not the backend). */
  close(): Promise<void>
}

/**
 * Starts a local stand-in for Neon's endpoint: POST /sql (the driver's HTTP queries) and
 * WebSocket /v1 and /v2 (a byte pipe for Pool/Client), both forwarded to the backend.
 * Rejects with a clear message when the port is taken.
 */
export async function startNeonProxy(opts: NeonProxyOptions): Promise<NeonProxy> {
  const host = opts.host ?? '127.0.0.1'
  const log = opts.log ?? (() => {})
  const aborter = new AbortController()
  let fault: Fault | null = null
  const pools = new PgPools(opts.backend, log)
  const ctx = {
    backend: opts.backend,
    pools,
    control: opts.control ?? false,
    log,
    signal: aborter.signal,
    fault: () => fault,
    setFault: (f: Fault | null) => {
      fault = f
    },
  }
  const gateway = createWsGateway(ctx)
  const server = http.createServer((req, res) => handleHttp(ctx, req, res))
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket: Socket) => socket.destroy())
  const port = await listen(server, opts.port ?? 0, host)
  server.on('error', (err) => log(`http server: ${err.message}`))
  log(`neon proxy listening on http://${host}:${port} -> ${opts.backend.host}:${opts.backend.port}`)
  let closing: Promise<void> | undefined
  return {
    port,
    url: `http://${host}:${port}`,
    databaseUrl: (user, database) =>
      `postgres://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(database)}`,
    setFault: ctx.setFault,
    close() {
      closing ??= (async () => {
        aborter.abort()
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await Promise.all([stopped, gateway.close(), pools.close()])
        log('neon proxy closed')
      })()
      return closing
    },
  }
}
