/**
 * `npm run dev`: the whole local stack in one command.
 *  1. creates .dev.vars (secrets and local overrides) from .dev.vars.example when it is missing,
 *     with random secrets in place of the placeholders, and adds a secret an older one lacks;
 *  2. starts the local database stack (scripts/local-db.ts): the Neon-protocol proxy on
 *     127.0.0.1:4444 in front of embedded PGlite persisted in .data/pglite, or in front of the
 *     Postgres in DATABASE_URL when it is set, with migrations applied;
 *  3. runs `wrangler dev` on http://127.0.0.1:8787 pointed at the proxy;
 *  4. prints each mail the Worker sends (simulated by wrangler) as `dev: mail to <address>:
 *     <subject> <link>` (scripts/lib/mail-console.ts), so a reset or verification link is one
 *     click away. Only here: the Worker itself never logs an address or a link.
 * Ctrl-C stops all of it.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { printCapturedMail } from './lib/mail-console.ts'
import { startLocalDb } from './local-db-process.ts'

const PORT = process.env.PORT ?? '8787'
const PROXY_PORT = process.env.NEON_PROXY_PORT ?? '4444'

/** Secrets the Worker refuses to start without (src/config.ts), and how to make each. */
const GENERATED_SECRETS: Record<string, () => string> = {
  JWT_SECRET: () => randomBytes(32).toString('base64url'),
  LOCKOUT_SECRET: () => randomBytes(32).toString('base64url'),
  MFA_ENCRYPTION_KEY: () => `dev:${randomBytes(32).toString('base64url')}`,
}
const PLACEHOLDER = /^replace-with/

/**
 * .dev.vars from .dev.vars.example (same keys, so `wrangler types` stays current) with random
 * secrets instead of the placeholders; an existing .dev.vars only gains a missing secret. Only
 * the names are printed, never a value.
 */
function ensureDevVars(): void {
  const existing = existsSync('.dev.vars')
  const lines = readFileSync(existing ? '.dev.vars' : '.dev.vars.example', 'utf8').split('\n')
  const generated: string[] = []
  for (const [name, make] of Object.entries(GENERATED_SECRETS)) {
    const at = lines.findIndex((line) => line.startsWith(`${name}=`))
    const value = at === -1 ? undefined : lines[at]?.slice(name.length + 1)
    if (value !== undefined && value !== '' && !PLACEHOLDER.test(value)) continue
    const line = `${name}=${make()}`
    if (at === -1) lines.push(line)
    else lines[at] = line
    generated.push(name)
  }
  if (existing && generated.length === 0) return
  writeFileSync('.dev.vars', lines.join('\n'), { mode: 0o600 })
  const what = existing ? 'added to .dev.vars' : 'created .dev.vars from .dev.vars.example with'
  console.log(`dev: ${what} random ${generated.join(', ')}`)
}

ensureDevVars()
const backendUrl = process.env.DATABASE_URL
const db = await startLocalDb(
  backendUrl
    ? ['--port', PROXY_PORT, '--backend', backendUrl]
    : ['--port', PROXY_PORT, '--pglite-data', '.data/pglite'],
).catch((error: Error) => {
  console.error(`dev: ${error.message}`)
  process.exit(1)
})

const wrangler = spawn(
  process.execPath,
  [
    'node_modules/wrangler/bin/wrangler.js',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    PORT,
    '--var',
    `DATABASE_URL:${db.databaseUrl}`,
    '--var',
    'NEON_LOCAL_PROXY:true',
    // Anything after `npm run dev --`, such as `--env loadtest`.
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit', // No network here: skip the Request.cf download and telemetry.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
)

const stopMailConsole = printCapturedMail({ workerUrl: `http://127.0.0.1:${PORT}` })

console.log(`
dev: database  ${db.backend === 'pglite' ? 'embedded PGlite in .data/pglite' : `Postgres (${db.database})`}
dev: proxy     ${db.proxyUrl} (Neon protocol: HTTP /sql and WebSocket /v1)
dev: worker    http://localhost:${PORT} (wrangler dev on 127.0.0.1; open localhost, the origin
               that mailed links, passkeys and the demo's cookie use)
dev: mail      printed below as it is sent; all of it at http://127.0.0.1:${PORT}/cdn-cgi/local/explorer

Try it:
  curl -s -X POST http://localhost:${PORT}/auth/register -H 'content-type: application/json' \\
    -d '{"email":"ada@example.com","password":"correct horse battery staple"}'
`)

let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  stopMailConsole()
  if (wrangler.exitCode === null) wrangler.kill('SIGINT')
  await Promise.all([
    wrangler.exitCode === null
      ? new Promise((resolve) => wrangler.once('exit', resolve))
      : undefined,
    db.stop(),
  ])
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
wrangler.once('exit', (code) => void stop(code ?? 0))
