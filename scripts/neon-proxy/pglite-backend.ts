import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { type Backend, LEASE_TIMEOUT_MS } from './backend.ts'
import { Mutex } from './mutex.ts'

/** Options for {@link createPgliteBackend}. */
export interface PgliteBackendOptions {
  /** Directory to persist the database in; none = in-memory. */
  dataDir?: string
  /** How long exclusive()/lease() wait before failing; default 30 s. */
  leaseTimeoutMs?: number
}

/**
 * An embedded PGlite behind pglite-socket's TCP server on 127.0.0.1 (a free port).
 * PGlite is one session: pglite-socket multiplexes connections message by message, which
 * breaks when two connections interleave extended-protocol messages or transactions, so
 * every user of this backend goes through one FIFO lock (exclusive() and lease()).
 */
export async function createPgliteBackend(opts: PgliteBackendOptions = {}): Promise<Backend> {
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create()
  // maxConnections is high because every pooled pg client and every WebSocket pipe is one
  // connection; the lock below, not pglite-socket, does the serialising.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 100 })
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  const port = Number(server.getServerConn().split(':').pop())
  const lock = new Mutex()
  const timeout = opts.leaseTimeoutMs ?? LEASE_TIMEOUT_MS
  let closing: Promise<void> | undefined
  return {
    kind: 'pglite',
    host: '127.0.0.1',
    port,
    async exclusive(fn) {
      const release = await lock.acquire(timeout)
      try {
        return await fn()
      } finally {
        release()
      }
    },
    lease: () => lock.acquire(timeout),
    close() {
      closing ??= (async () => {
        lock.close()
        await server.stop()
        await db.close()
      })()
      return closing
    },
  }
}
