/**
 * Worker entry: the only file that knows Workers bindings. It parses the env once per isolate,
 * builds the dependencies (driver, keys, hasher) once, and hands each request to the app.
 */
import { type App, createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { ConfigError, createDeps } from './deps.ts'
import { createMisconfiguredApp } from './http/misconfigured.ts'
import { consoleLogger } from './log.ts'
import { type AssetFetcher, assetTextFrom } from './routes/static-routes.ts'

type Handler = Pick<App, 'fetch'>

/** Keyed by the env object, which is stable for the life of an isolate. */
const apps = new WeakMap<object, Promise<Handler>>()

async function buildApp(env: Record<string, unknown>): Promise<Handler> {
  const parsed = parseConfig(env)
  if (!parsed.ok) return createMisconfiguredApp(parsed.variables, consoleLogger)
  try {
    const assets = env.ASSETS as AssetFetcher | undefined
    const deps = await createDeps(parsed.config, { assetText: assetTextFrom(assets) })
    return createApp({ ...deps, assets })
  } catch (error) {
    if (error instanceof ConfigError) return createMisconfiguredApp([error.variable], consoleLogger)
    throw error
  }
}

/** Daily housekeeping (wrangler.toml [triggers]): ended sessions, old tokens, idle counters. */
async function scheduled(env: Record<string, unknown>): Promise<void> {
  const parsed = parseConfig(env)
  if (!parsed.ok) {
    consoleLogger.error({ msg: 'invalid configuration', variables: parsed.variables, cron: true })
    return
  }
  const { stores, config, services } = await createDeps(parsed.config)
  const lease = stores.open()
  try {
    const deleted = await lease.store.prune(new Date(services.clock.now()), config.lockout.maxDelay)
    consoleLogger.info({ msg: 'pruned', ...deleted })
  } finally {
    await lease.close()
  }
}

export default {
  async fetch(request, env, ctx) {
    let app = apps.get(env)
    if (!app) {
      app = buildApp(env as unknown as Record<string, unknown>)
      apps.set(env, app)
    }
    return (await app).fetch(request, env, ctx)
  },
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(scheduled(env as unknown as Record<string, unknown>))
  },
} satisfies ExportedHandler<Env>
