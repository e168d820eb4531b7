/** Builds the real app with the test env (plus overrides), the way src/index.ts does. */
import { env } from 'cloudflare:workers'
import { createApp } from '../../src/app.ts'
import type { Clock } from '../../src/auth/clock.ts'
import { parseConfig } from '../../src/config.ts'
import { createDeps } from '../../src/deps.ts'
import { consoleLogger, type LogFields, type Logger } from '../../src/log.ts'
import type { Outbox } from '../../src/mail/outbox.ts'
import { type AssetFetcher, assetTextFrom } from '../../src/routes/static-routes.ts'

export const testEnv = env as unknown as Record<string, string>

export interface CapturedLogger extends Logger {
  entries: LogFields[]
}

/**
 * Keeps log entries in memory so tests can assert on them, and also writes them to the console
 * like production does: vitest's onConsoleLog collects every line of the suite into
 * test-results/console.log, which CI scans for secrets (scripts/ci-verify.ts).
 */
export function captureLogger(): CapturedLogger {
  const entries: LogFields[] = []
  const push = (level: 'info' | 'warn' | 'error') => (fields: LogFields) => {
    entries.push({ level, ...fields })
    consoleLogger[level](fields)
  }
  return { entries, info: push('info'), warn: push('warn'), error: push('error') }
}

export interface TestAppOptions {
  /** Overrides of the test env (strings, or a binding such as env.STRICT_RATE_LIMITER). */
  env?: Record<string, unknown>
  clock?: Clock
  log?: Logger
  /** Where the app's mail goes (captureMail()); without one, mail is dropped with a warning. */
  outbox?: Outbox
}

export async function buildTestApp(options: TestAppOptions = {}) {
  const parsed = parseConfig({ ...testEnv, ...options.env })
  if (!parsed.ok) throw new Error(`bad test config: ${parsed.variables.join(', ')}`)
  const log = options.log ?? captureLogger()
  // The static assets come from the ASSETS binding, as in production (wrangler.toml [assets]).
  const assets = (env as { ASSETS?: AssetFetcher }).ASSETS
  const assetText = assetTextFrom(assets)
  const deps = await createDeps(parsed.config, {
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(assetText ? { assetText } : {}),
  })
  return createApp({ ...deps, assets, mail: options.outbox })
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>

/** A fresh address per call, so tests never collide in the shared database. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${crypto.randomUUID()}@example.com`
}

export async function postJson(
  app: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

export const PASSWORD = 'correct horse battery staple'

export async function registerUser(app: TestApp, email = uniqueEmail(), password = PASSWORD) {
  const res = await postJson(app, '/auth/register', { email, password })
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`)
  return { email, password, body: (await res.json()) as SessionBody }
}

export interface SessionBody {
  token: string
  refreshToken: string
  expiresIn: number
  user: { id: string; email: string; role: string }
}

export function refreshWith(app: TestApp, refreshToken: string) {
  return postJson(app, '/auth/refresh', { refreshToken })
}

export function me(app: TestApp, accessToken: string) {
  return app.request('/auth/me', { headers: { authorization: `Bearer ${accessToken}` } })
}

export async function loginUser(
  app: TestApp,
  email: string,
  password = PASSWORD,
): Promise<SessionBody> {
  const res = await postJson(app, '/auth/login', { email, password })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as SessionBody
}
