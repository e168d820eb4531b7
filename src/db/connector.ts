/**
 * The only place that knows the Neon driver. `neon-http` (one HTTPS round trip per query or
 * batch, no connection to keep) is the default; `ws` opens a WebSocket `Pool` that is created,
 * used and closed within one request, as Workers require (no I/O objects shared across requests).
 */
import { neon, Pool } from '@neondatabase/serverless'
import { sql } from 'drizzle-orm'
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http'
import { drizzle as drizzleWs } from 'drizzle-orm/neon-serverless'
import type { Store, StoreConnector, StoreLease } from '../auth/store.ts'
import { createFactorStore } from './factor-store.ts'
import { useLocalProxy } from './local-proxy.ts'
import { createLoginThrottleStore } from './login-throttle-store.ts'
import { createMailedLinkStore } from './mailed-link-store.ts'
import { createOneTimeTokenStore } from './one-time-token-store.ts'
import { createPasskeyStore } from './passkey-store.ts'
import { prune } from './prune.ts'
import { createRefreshTokenStore } from './refresh-token-store.ts'
import type { Database } from './schema.ts'
import { createSessionStore } from './session-store.ts'
import { createUserStore } from './user-store.ts'

export interface DatabaseOptions {
  databaseUrl: string
  driver: 'http' | 'ws'
  /** The URL's host is the project's local Neon-protocol proxy (plain http and ws, no TLS). */
  localProxy: boolean
  /** Every query (and ws connection) fails after this long: a 503, never a hung request. */
  timeoutMs: number
}

/** Builds the connector once per isolate; only the ws path does per-request work. */
export function createStoreConnector(options: DatabaseOptions): StoreConnector {
  if (options.localProxy) useLocalProxy()
  if (options.driver === 'ws') {
    return {
      open() {
        const pool = new Pool({
          connectionString: options.databaseUrl,
          max: 1,
          connectionTimeoutMillis: options.timeoutMs,
          query_timeout: options.timeoutMs,
        })
        // An idle client's socket closing after the response is not a failure of the request;
        // query errors reach the caller through the query's own promise.
        pool.on('error', () => {})
        const store = createStore(drizzleWs({ client: pool }) as unknown as Database)
        return { store, close: () => pool.end() }
      },
    }
  }
  // A getter, so that each query's fetch gets a fresh AbortSignal (the driver spreads these
  // options into every fetch call).
  const fetchOptions = {
    get signal() {
      return AbortSignal.timeout(options.timeoutMs)
    },
  }
  const client = neon(options.databaseUrl, { fetchOptions })
  const db = drizzleHttp({ client }) as unknown as Database
  const lease: StoreLease = { store: createStore(db), close: async () => {} }
  return { open: () => lease }
}

function createStore(db: Database): Store {
  return {
    users: createUserStore(db),
    factors: createFactorStore(db),
    passkeys: createPasskeyStore(db),
    oneTimeTokens: createOneTimeTokenStore(db),
    mailedLinks: createMailedLinkStore(db),
    loginThrottles: createLoginThrottleStore(db),
    sessions: createSessionStore(db),
    refreshTokens: createRefreshTokenStore(db),
    async ping() {
      await db.execute(sql`select 1`)
    },
    prune: (now, maxLockoutSeconds, limits) => prune(db, now, maxLockoutSeconds, limits),
  }
}
