/** How long a WebSocket pipe or an HTTP query waits for a single-session database. */
export const LEASE_TIMEOUT_MS = 30_000

/** A Postgres-protocol server the proxy forwards to. */
export interface Backend {
  /** 'postgres' or 'pglite', for logs and the CLI's ready line. */
  readonly kind: 'postgres' | 'pglite'
  /** TCP address of a Postgres-protocol server. */
  readonly host: string
  readonly port: number
  /**
   * The backend's own password, from its URL: the proxy logs in with it (never with what clients
   * present, which is the proxy's secret). Undefined for trust auth and PGlite.
   */
  readonly password?: string | undefined
  /** Runs fn with exclusive use of the database when the backend is single-session (PGlite); a plain call for Postgres. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  /** For WebSocket pipes: resolves with a release function; exclusive for PGlite, immediate for Postgres. */
  lease(): Promise<() => void>
  close(): Promise<void>
}

/** A backend that is a Postgres-protocol server's connection settings, parsed from a URL. */
export interface PostgresBackend extends Backend {
  readonly kind: 'postgres'
  /** User and database named in the URL: the CLI prints them in its databaseUrl. */
  readonly user: string
  readonly database: string
}

const noop = (): void => {}

/**
 * A real Postgres server, which has its own sessions: nothing to serialise.
 * Each request names its own user and database, like Neon's endpoint; the proxy logs in with the
 * URL's password (or none, for trust auth).
 */
export function createPostgresBackend(url: string): PostgresBackend {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`backend URL is not a valid postgres:// URL`)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`backend URL must start with postgres:// (got ${parsed.protocol}//)`)
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1'
  const database = decodeURIComponent(parsed.pathname.slice(1))
  return {
    kind: 'postgres',
    host: host === 'localhost' ? '127.0.0.1' : host,
    port: parsed.port ? Number(parsed.port) : 5432,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database: database || decodeURIComponent(parsed.username) || 'postgres',
    exclusive: (fn) => fn(),
    lease: () => Promise.resolve(noop),
    close: () => Promise.resolve(),
  }
}
