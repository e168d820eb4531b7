import http from 'node:http'
import type { Socket } from 'node:net'
import { type AccessPolicy, loopbackHosts } from './access.ts'
import type { Backend } from './backend.ts'
import type { Fault } from './faults.ts'
import { handleHttp, type ProxyStats } from './http.ts'
import { listen } from './listen.ts'
import { PgPools } from './pools.ts'
import { assertStrongSecret, createSecret } from './secret.ts'
import { createWsGateway } from './ws.ts'

export type { Backend, PostgresBackend } from './backend.ts'
export { createPostgresBackend } from './backend.ts'
export type { Fault } from './faults.ts'
export type { ProxyStats } from './http.ts'
export { checkPortFree } from './listen.ts'
export { createPgliteBackend, type PgliteBackendOptions } from './pglite-backend.ts'

/** Options for {@link startNeonProxy}. */
export interface NeonProxyOptions {
  backend: Backend
  /** Default 0 = any free port. */
  port?: number
  /** '127.0.0.1' (the default) or '::1': the proxy refuses to listen beyond loopback. */
  host?: string
  /**
   * The password clients must present (in the connection string the app is given). Default: a
   * fresh random one, readable as `proxy.secret`. At least 16 characters.
   */
  secret?: string
  /** How long a WebSocket client may take to log in, or stall mid-message. Default 10 s. */
  clientTimeoutMs?: number
  /** Enable POST /__control/fault (tests only). */
  control?: boolean
  /**
   * Default: no logging. Query params are never logged (they hold password and token hashes),
   * nor is the secret or any password a client presents.
   */
  log?: (line: string) => void
}

/** A running proxy. */
export interface NeonProxy {
  readonly port: number
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** What clients must present as their password; part of every {@link databaseUrl}. */
  readonly secret: string
  /** A DATABASE_URL for the app: postgres://<user>:<secret>@127.0.0.1:<port>/<database> */
  databaseUrl(user: string, database: string): string
  setFault(fault: Fault | null): void
  /** Requests served so far (also at GET /__stats, behind the same secret as /sql). */
  stats(): ProxyStats
  /** Closes listeners, open sockets, WebSockets and pg pools (not the backend). */
  close(): Promise<void>
}

/** Listening beyond loopback would hand the database to the network. */
const LOOPBACK = ['127.0.0.1', '::1']

/**
 * Starts a local stand-in for Neon's endpoint: POST /sql (the driver's HTTP queries) and
 * WebSocket /v1 and /v2 (Pool/Client sessions), both forwarded to the backend. Only local
 * programs that know the secret are served (access.ts). Rejects with a clear message when the
 * port is taken.
 */
export async function startNeonProxy(opts: NeonProxyOptions): Promise<NeonProxy> {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.includes(host)) throw new Error(`the proxy listens on loopback only, not ${host}`)
  const secret = opts.secret ?? createSecret()
  assertStrongSecret(secret)
  const log = opts.log ?? (() => {})
  const aborter = new AbortController()
  let fault: Fault | null = null
  // Known once listening: the Host values that name this proxy depend on its port.
  let access: AccessPolicy = { hosts: new Set(), secret }
  const pools = new PgPools(opts.backend, log)
  const stats: ProxyStats = { sqlRequests: 0, wsSessions: 0 }
  const ctx = {
    backend: opts.backend,
    pools,
    control: opts.control ?? false,
    log,
    signal: aborter.signal,
    clientTimeoutMs: opts.clientTimeoutMs ?? 10_000,
    access: () => access,
    secret: () => secret,
    fault: () => fault,
    stats,
    setFault: (f: Fault | null) => {
      fault = f
    },
  }
  const gateway = createWsGateway(ctx)
  const server = http.createServer((req, res) => handleHttp(ctx, req, res))
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket: Socket) => socket.destroy())
  const port = await listen(server, opts.port ?? 0, host)
  access = { hosts: loopbackHosts(host, port), secret }
  server.on('error', (err) => log(`http server: ${err.message}`))
  log(`neon proxy listening on http://${host}:${port} -> ${opts.backend.host}:${opts.backend.port}`)
  let closing: Promise<void> | undefined
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  return {
    port,
    url: `http://${address}`,
    secret,
    databaseUrl: (user, database) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(secret)}@${address}/${encodeURIComponent(database)}`,
    setFault: ctx.setFault,
    stats: () => ({ ...stats }),
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
