/**
 * The stack the browser test runs against, started from scratch: the local database (Postgres
 * in TEST_DATABASE_URL, a scratch database, or PGlite in memory), `wrangler dev` in cookie mode
 * on a free loopback port, and two tiny front ends on other ports: one in CORS_ORIGINS, one not.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitForUrls } from '../../scripts/lib/child-process/ready.ts'
import { spawnChild } from '../../scripts/lib/child-process/spawn.ts'
import { freePorts } from '../../scripts/lib/free-ports.ts'
import { type LocalDb, startLocalDb } from '../../scripts/local-db-process.ts'

const WRANGLER = 'node_modules/wrangler/bin/wrangler.js'
const READY_TIMEOUT_MS = 120_000

/** The other origin's page: it calls the worker with fetch, as a separately hosted app would. */
const FRONT_END_PAGE = `<!doctype html><meta charset="utf-8"><title>front end</title>
<h1>A front end on another origin</h1>
<script>
  window.callWorker = async (url, init) => {
    try {
      const res = await fetch(url, init)
      return { ok: true, status: res.status, body: await res.text() }
    } catch (error) {
      return { ok: false, name: error.name, message: String(error.message) }
    }
  }
</script>`

export interface Stack {
  workerUrl: string
  /** An origin in CORS_ORIGINS. */
  frontEndUrl: string
  /** An origin that is not. */
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
    const frontEnd = await serveFrontEnd(cleanups)
    const foreign = await serveFrontEnd(cleanups)
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

async function serveFrontEnd(cleanups: (() => Promise<void>)[]): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FRONT_END_PAGE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('front end did not bind')
  return `http://127.0.0.1:${address.port}`
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
  const vars = {
    DATABASE_URL: databaseUrl,
    NEON_LOCAL_PROXY: 'true',
    AUTH_COOKIE: 'on',
    CORS_ORIGINS: corsOrigin,
  }
  const args = [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port)]
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
  const workerUrl = `http://127.0.0.1:${port}`
  // 2xx from /health: the worker is up and reaches the database.
  await waitForUrls(wrangler, [`${workerUrl}/health`], {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 500,
    accept: (status) => status >= 200 && status < 300,
  })
  return workerUrl
}
