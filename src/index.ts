/**
 * Worker entry: the only file that knows Workers bindings. It parses the env once per isolate,
 * builds the dependencies (driver, keys, hasher) once, and hands each request to the app. Its
 * queue() handler consumes MAIL_QUEUE (sending through the EMAIL binding) and that queue's
 * dead-letter queue (wrangler.toml).
 */
import { type App, createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { ConfigError, createDeps } from './deps.ts'
import { createMisconfiguredApp } from './http/misconfigured.ts'
import { consoleLogger } from './log.ts'
import { deliverMail, type EmailSender, logDeadLetters } from './mail/mail-delivery.ts'
import { createOutbox, type MailQueue } from './mail/outbox.ts'
import { DEAD_LETTER_SUFFIX } from './mail/queue-settings.ts'
import { type AssetFetcher, assetTextFrom } from './routes/static-routes.ts'

type Handler = Pick<App, 'fetch'>

/** Keyed by the env object, which is stable for the life of an isolate. */
const apps = new WeakMap<object, Promise<Handler>>()

async function buildApp(env: Record<string, unknown>): Promise<Handler> {
  const parsed = parseConfig(env)
  if (!parsed.ok) return createMisconfiguredApp(parsed.variables, consoleLogger)
  try {
    const assets = env.ASSETS as AssetFetcher | undefined
    const queue = env.MAIL_QUEUE as MailQueue | undefined
    const mail = queue && createOutbox({ queue, log: consoleLogger })
    const deps = await createDeps(parsed.config, { assetText: assetTextFrom(assets) })
    return createApp({ ...deps, assets, mail })
  } catch (error) {
    if (error instanceof ConfigError) return createMisconfiguredApp([error.variable], consoleLogger)
    throw error
  }
}

/** Hourly housekeeping (wrangler.toml [triggers]), in bounded batches (src/db/prune.ts). */
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
    // A run that stopped at its limits leaves a backlog: a warning, so an operator sees it grow.
    if (deleted.complete) consoleLogger.info({ msg: 'pruned', ...deleted })
    else consoleLogger.warn({ msg: 'pruned partly, the rest waits for the next run', ...deleted })
  } finally {
    await lease.close()
  }
}

/** MAIL_QUEUE's consumer renders and sends; the dead-letter queue's consumer only logs. */
async function queue(batch: MessageBatch, env: Record<string, unknown>): Promise<void> {
  if (batch.queue.endsWith(DEAD_LETTER_SUFFIX)) return logDeadLetters(batch, consoleLogger)
  const parsed = parseConfig(env)
  if (!parsed.ok) {
    consoleLogger.error({ msg: 'invalid configuration', variables: parsed.variables, queue: true })
    return batch.retryAll({ delaySeconds: 300 })
  }
  const sender = env.EMAIL as EmailSender
  await deliverMail(batch, { sender, mail: parsed.config.mail, log: consoleLogger })
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
  async queue(batch, env) {
    await queue(batch, env as unknown as Record<string, unknown>)
  },
} satisfies ExportedHandler<Env>
