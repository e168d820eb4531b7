/**
 * The local stack the bench (and the load test's own test) measures: the local database stack
 * (Neon-protocol proxy + Postgres scratch database or PGlite, migrated), and one workerd process
 * serving the Worker bundle and, optionally, the baseline workers, each on its own port.
 */

import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type LocalDb, startLocalDb } from '../../local-db-process.ts'
import { freePorts } from '../free-ports.ts'
import { type BaselineName, type BundleInfo, buildBaselines, buildServiceBundle } from './build.ts'
import { bindingsFor, type WorkerSpec } from './capnp.ts'
import { startWorkerd, type WorkerdServer } from './server.ts'
import { readWorkerConfig } from './wrangler-config.ts'

/** Postgres when neither env var says otherwise: the machine's, as in CI. */
export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test'

export interface LocalStackOptions {
  /** A scratch directory for bundles, the workerd config and its log. */
  workDir: string
  /** Postgres URL to make a scratch database on; undefined: in-memory PGlite. */
  postgresUrl: string | undefined
  /** The limit every rate-limit binding gets (per key per period). */
  rateLimit: number
  baselines: boolean
}

export interface LocalStack {
  db: LocalDb
  workerd: WorkerdServer
  bundle: BundleInfo
  baselineBundles?: Record<BaselineName, BundleInfo>
  /** `main` is the service; `hello`, `pbkdf2`, `query` the baselines when asked for. */
  urls: Record<string, string>
  /** What workerd serves, to start more instances of (module paths relative to workDir). */
  workers: WorkerSpec[]
  rateLimitModule: string
  stop(): Promise<void>
}

/** Builds, starts the database and workerd, and checks that `GET /health` answers 200. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dirs = { service: join(options.workDir, 'service'), base: join(options.workDir, 'base') }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true })
  const [bundle, baselineBundles] = await Promise.all([
    buildServiceBundle(dirs.service),
    buildBaselines(dirs.base),
  ])
  const dbArgs = options.postgresUrl ? ['--backend', options.postgresUrl, '--scratch'] : []
  const db = await startLocalDb(dbArgs, { logFile: join(options.workDir, 'local-db.log') })
  try {
    const rel = (path: string) => relative(options.workDir, path)
    const workers = await workerSpecs(db, options, {
      main: rel(bundle.path),
      hello: rel(baselineBundles.hello.path),
      pbkdf2: rel(baselineBundles.pbkdf2.path),
      query: rel(baselineBundles.query.path),
    })
    const rateLimitModule = rel(baselineBundles.ratelimit.path)
    const workerd = await startWorkerd({
      dir: options.workDir,
      workers,
      rateLimitModule,
      readyPaths: { main: '/health' },
    })
    const stop = async () => {
      await workerd.stop()
      await db.stop()
    }
    await expectHealthy(workerd.urls.main as string).catch(async (error) => {
      await workerd.stop()
      throw error
    })
    return {
      db,
      workerd,
      bundle,
      baselineBundles,
      urls: workerd.urls,
      workers,
      rateLimitModule,
      stop,
    }
  } catch (error) {
    await db.stop()
    throw error
  }
}

async function workerSpecs(
  db: LocalDb,
  options: LocalStackOptions,
  modules: Record<'main' | 'hello' | 'pbkdf2' | 'query', string>,
): Promise<WorkerSpec[]> {
  const config = readWorkerConfig()
  const ports = await freePorts(4)
  const dbVars = { DATABASE_URL: db.databaseUrl, NEON_LOCAL_PROXY: 'true' }
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOCKOUT_SECRET: randomBytes(32).toString('base64url'),
    MFA_ENCRYPTION_KEY: `bench:${randomBytes(32).toString('base64url')}`,
  }
  const base = {
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
  }
  const main: WorkerSpec = {
    ...base,
    name: 'main',
    module: modules.main,
    port: ports[0] as number,
    bindings: bindingsFor(config, { ...dbVars, ...secrets }, options.rateLimit),
    // The common-password list is a static asset the service fetches on first use.
    assetsDir: fileURLToPath(new URL('../../../public', import.meta.url)),
  }
  if (!options.baselines) return [main]
  const baseline = (name: 'hello' | 'pbkdf2' | 'query', port: number, vars = {}) => ({
    ...base,
    name,
    module: modules[name],
    port,
    bindings: bindingsFor({ ...config, vars: {}, ratelimits: [] }, vars, 0),
  })
  return [
    main,
    baseline('hello', ports[1] as number),
    // The same hash cost as the service, so the ceiling is the service's own.
    baseline('pbkdf2', ports[2] as number, {
      PASSWORD_ITERATIONS: String(config.vars.PASSWORD_ITERATIONS ?? 600_000),
    }),
    baseline('query', ports[3] as number, dbVars),
  ]
}

async function expectHealthy(url: string): Promise<void> {
  const response = await fetch(`${url}/health`)
  const body = await response.text()
  if (response.status !== 200) throw new Error(`GET /health answered ${response.status}: ${body}`)
}
