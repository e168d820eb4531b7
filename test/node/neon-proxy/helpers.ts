import pg from 'pg'
import { describe, it } from 'vitest'
import type { Backend } from '../../../scripts/neon-proxy/backend.ts'
import {
  createPgliteBackend,
  createPostgresBackend,
  type NeonProxy,
  type NeonProxyOptions,
  startNeonProxy,
} from '../../../scripts/neon-proxy/index.ts'
import { useLocalProxy } from '../../../src/db/local-proxy.ts'

/** Configures the real driver exactly as the app does in local mode. */
export function configureNeonLocal(): void {
  useLocalProxy()
}

/** A proxy in front of one backend, with the DATABASE_URL the app would get. */
export interface Target {
  proxy: NeonProxy
  backend: Backend
  databaseUrl: string
  close(): Promise<void>
}

/** Proxy options a test may set. */
export type TargetOptions = Pick<NeonProxyOptions, 'control' | 'log' | 'clientTimeoutMs'>

/** What a test file runs against: PGlite always, Postgres when TEST_DATABASE_URL is set. */
export interface TargetKind {
  name: 'pglite' | 'postgres'
  /** False for Postgres without TEST_DATABASE_URL: its tests are then reported as skipped. */
  available: boolean
  start(opts?: TargetOptions): Promise<Target>
}

/** Starts an in-memory PGlite backend and a proxy in front of it. */
export async function startPgliteTarget(opts: TargetOptions = {}): Promise<Target> {
  const backend = await createPgliteBackend({})
  const proxy = await startNeonProxy({ backend, ...opts })
  return {
    proxy,
    backend,
    databaseUrl: proxy.databaseUrl('postgres', 'postgres'),
    async close() {
      await proxy.close()
      await backend.close()
    },
  }
}

/**
 * Creates a uniquely named scratch database on the Postgres at adminUrl (so parallel runs and
 * files never collide), and a proxy in front of that server; close() drops the database.
 */
export async function startPostgresTarget(
  adminUrl: string,
  opts: TargetOptions = {},
): Promise<Target> {
  const name = `neon_proxy_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  await admin(adminUrl, `CREATE DATABASE ${name}`)
  const backend = createPostgresBackend(adminUrl)
  const proxy = await startNeonProxy({ backend, ...opts })
  return {
    proxy,
    backend,
    // The proxy's secret as password; the proxy logs in with adminUrl's own.
    databaseUrl: proxy.databaseUrl(backend.user, name),
    async close() {
      await proxy.close()
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

const pgUrl = process.env.TEST_DATABASE_URL

/** The backends every functional test runs against. */
export const targetKinds: TargetKind[] = [
  { name: 'pglite', available: true, start: startPgliteTarget },
  {
    name: 'postgres',
    available: pgUrl !== undefined,
    start: (o?: TargetOptions) => {
      if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set')
      return startPostgresTarget(pgUrl, o)
    },
  },
]

/**
 * `describe.each(targetKinds)`, except that a backend this machine lacks (Postgres without
 * TEST_DATABASE_URL) still registers its tests, as skipped: a run without Postgres says how
 * much it left out, and CI (which has Postgres) refuses any skip.
 */
export function describeEachTarget(title: string, body: (kind: TargetKind) => void): void {
  for (const kind of targetKinds)
    describe.skipIf(!kind.available)(title.replace('$name', kind.name), () => body(kind))
}

/** Runs fn and returns what it threw (failing the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn()
  } catch (err) {
    return err as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

/**
 * Registers a test only in the backend variant it is about (PGlite's single session, Postgres's
 * killable connections): on the other backend it has nothing to check, so it is not a skip.
 * A test that needs something the machine may lack uses `it.skipIf` instead, and is counted.
 */
export function itWhen(condition: unknown): typeof it {
  return condition ? it : ((() => {}) as unknown as typeof it)
}
