import pg from 'pg'
import type { Backend } from './backend.ts'

/**
 * Who the driver connects as, taken from its Neon-Connection-String. Its password is the proxy's
 * secret, checked on arrival and never sent on: the backend gets its own password.
 */
export interface Credentials {
  user: string
  database: string
}

/** Hands the raw text of every column back: the driver parses it by dataTypeID itself. */
const rawText = { getTypeParser: () => (value: string) => value }

/** Cap on distinct (user, database) pools, so odd clients cannot pile up sockets. */
const MAX_POOLS = 16

/**
 * One pg.Pool per (user, database), all pointed at the backend's host and port and logging in
 * with the backend's own password (none for trust auth and PGlite).
 * Bounded, with connect, idle and query timeouts so a dead backend answers fast.
 */
export class PgPools {
  readonly #backend: Backend
  readonly #pools = new Map<string, pg.Pool>()
  readonly #log: (line: string) => void

  constructor(backend: Backend, log: (line: string) => void) {
    this.#backend = backend
    this.#log = log
  }

  /** Checks out a client; the caller must release it (with an error to discard it). */
  async connect(creds: Credentials): Promise<pg.PoolClient> {
    return this.#pool(creds).connect()
  }

  /** Ends every pool and waits for their sockets to close. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.all(pools.map((p) => p.end().catch(() => {})))
  }

  #pool(creds: Credentials): pg.Pool {
    const key = JSON.stringify([creds.user, creds.database])
    const found = this.#pools.get(key)
    if (found) {
      // Re-insert to keep the Map in least-recently-used order for eviction.
      this.#pools.delete(key)
      this.#pools.set(key, found)
      return found
    }
    if (this.#pools.size >= MAX_POOLS) this.#evictOldest()
    const pool = new pg.Pool({
      host: this.#backend.host,
      port: this.#backend.port,
      user: creds.user,
      password: this.#backend.password,
      database: creds.database,
      // PGlite is one session: more clients would only queue behind the lock.
      max: this.#backend.kind === 'pglite' ? 1 : 20,
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 10_000,
      query_timeout: 30_000,
      allowExitOnIdle: true,
      types: rawText,
    })
    // An idle client whose backend went away emits 'error' on the pool; unhandled, it would
    // crash the proxy. pg already drops that client, so logging is enough.
    pool.on('error', (err) => this.#log(`idle backend connection lost: ${err.message}`))
    this.#pools.set(key, pool)
    return pool
  }

  #evictOldest(): void {
    const oldest = this.#pools.keys().next()
    if (oldest.done) return
    const pool = this.#pools.get(oldest.value)
    this.#pools.delete(oldest.value)
    // end() lets checked-out clients finish before closing them.
    pool?.end().catch(() => {})
  }
}
