/**
 * The stack the browser test runs against, started from scratch: the local database (Postgres
 * in TEST_DATABASE_URL, a scratch database, or PGlite in memory), `wrangler dev` in cookie mode
 * on a free loopback port, and two tiny front ends on other ports: one in CORS_ORIGINS, one not.
 *
 * The browser reaches the worker as `http://localhost:<port>`, never by IP: WebAuthn refuses an
 * IP address as RP ID, and `localhost` and `127.0.0.1` are different sites, so a front end on
 * `http://localhost:<other port>` is the same site as the worker (its SameSite=Strict cookie
 * goes along) while the one on `http://127.0.0.1:<port>` is foreign.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitForUrls } from '../../scripts/lib/child-process/ready.ts'
import { spawnChild } from '../../scripts/lib/child-process/spawn.ts'
import { freePorts } from '../../scripts/lib/free-ports.ts'
import { type LocalDb, startLocalDb } from '../../scripts/local-db-process.ts'
import { bundleFrontEnd, serveFrontEnd } from './front-end/front-end-server.ts'

const WRANGLER = 'node_modules/wrangler/bin/wrangler.js'
const READY_TIMEOUT_MS = 120_000

export interface Stack {
  /** `http://localhost:<port>`: the demo, the API, APP_URL and the WebAuthn origin. */
  workerUrl: string
  /** `http://localhost:<other port>`: an origin in CORS_ORIGINS, the same site as the worker. */
  frontEndUrl: string
  /** `http://127.0.0.1:<port>`: an origin that is not, on another site. */
  foreignUrl: string
  /** What wrangler dev and the local database printed (CI scans these for secrets too). */
  logFiles: string[]
  /** This run's JWT_SECRET and LOCKOUT_SECRET, to check that no log holds them. */
  secrets: string[]
  stop(): Promise<void>
}

/** Where the logs go: next to the suite's own (scripts/ci-verify.ts scans them all). */
const RESULTS = process.env.TEST_RESULTS_DIR ?? 'test-results'
const LOGS = { wrangler: `${RESULTS}/e2e-wrangler-dev.log`, db: `${RESULTS}/e2e-local-db.log` }

export async function startStack(): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  }
  try {
    const script = await bundleFrontEnd()
    const frontEnd = await serveFrontEnd(script, 'localhost', cleanups)
    const foreign = await serveFrontEnd(script, '127.0.0.1', cleanups)
    const testUrl = process.env.TEST_DATABASE_URL
    mkdirSync(RESULTS, { recursive: true })
    for (const file of Object.values(LOGS)) writeFileSync(file, '')
    const db: LocalDb = await startLocalDb(testUrl ? ['--backend', testUrl, '--scratch'] : [], {
      logFile: LOGS.db,
    })
    cleanups.push(() => db.stop())
    const secrets = [1, 2, 3].map(() => randomBytes(32).toString('base64url'))
    const workerUrl = await startWrangler(db.databaseUrl, frontEnd, secrets, cleanups)
    const logFiles = Object.values(LOGS)
    return { workerUrl, frontEndUrl: frontEnd, foreignUrl: foreign, logFiles, secrets, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startWrangler(
  databaseUrl: string,
  corsOrigin: string,
  [jwtSecret, lockoutSecret, mfaKey]: string[],
  cleanups: (() => Promise<void>)[],
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-auth-e2e-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  // The secret goes in an env file, not on the command line; passing --env-file also keeps a
  // developer's .dev.vars out of this run.
  const envFile = join(dir, 'e2e.env')
  const lines = [
    `JWT_SECRET=${jwtSecret}`,
    `LOCKOUT_SECRET=${lockoutSecret}`,
    `MFA_ENCRYPTION_KEY=e2e:${mfaKey}`,
  ]
  writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o600 })
  const [port, inspectorPort] = (await freePorts(2)) as [number, number]
  const workerUrl = `http://localhost:${port}`
  const vars = {
    DATABASE_URL: databaseUrl,
    NEON_LOCAL_PROXY: 'true',
    AUTH_COOKIE: 'on',
    CORS_ORIGINS: corsOrigin,
    APP_URL: workerUrl,
    WEBAUTHN_RP_ID: 'localhost',
    WEBAUTHN_ORIGINS: workerUrl,
    // A refresh token rotated a moment ago is already "reused": two tabs that raced one refresh
    // token would end the session, which is what the Web Locks test must show cannot happen.
    REFRESH_REUSE_INTERVAL: '0',
    // One PBKDF2 call per hash instead of six, as in the workerd tests: the flows hash often.
    PASSWORD_ITERATIONS: '100000',
  }
  // The load-test environment (wrangler.toml) is the same Worker with a per-IP limit no test
  // reaches: every request here comes from 127.0.0.1, so a 429 can only be the account lockout.
  const args = [WRANGLER, 'dev', '--env', 'loadtest', '--ip', '127.0.0.1', '--port', String(port)]
  args.push('--inspector-port', String(inspectorPort), '--persist-to', join(dir, 'state'))
  args.push('--env-file', envFile, '--show-interactive-dev-session=false')
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`)
  // Its own process group: wrangler dev runs workerd as a child, which stop() must reach too.
  const wrangler = spawnChild(process.execPath, args, {
    name: 'wrangler dev',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    stdout: { file: LOGS.wrangler },
    stderr: { file: LOGS.wrangler },
    group: true,
  })
  cleanups.push(() => wrangler.stop())
  // 2xx from /health: the worker is up and reaches the database.
  await waitForUrls(wrangler, [`http://127.0.0.1:${port}/health`], {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    accept: (status) => status >= 200 && status < 300,
  })
  return workerUrl
}
