/**
 * createApp(deps): the whole HTTP surface, built from its dependencies. It knows nothing of
 * Workers bindings or Neon (src/index.ts wires those), so tests build the same app with theirs.
 */
import type { MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { Hono } from 'hono/tiny'
import type { AuthServices } from './auth/context.ts'
import type { KeyRing } from './auth/signing-keys.ts'
import type { StoreConnector } from './auth/store.ts'
import type { Config } from './config.ts'
import type { AppEnv } from './http/app-env.ts'
import { createBrowserTransport } from './http/browser-transport.ts'
import { createEndpointBinder } from './http/endpoint-binder.ts'
import { installFallbacks } from './http/fallbacks.ts'
import { ipRateLimit } from './http/ip-rate-limit.ts'
import { requestLog } from './http/request-log.ts'
import { createMailDropper, type Outbox } from './mail/outbox.ts'
import { accountRoutes } from './routes/account-routes.ts'
import { emailRoutes } from './routes/email-routes.ts'
import { mfaRoutes } from './routes/mfa-routes.ts'
import { passkeyRoutes } from './routes/passkey-routes.ts'
import type { RouteKit } from './routes/route-kit.ts'
import { serviceRoutes } from './routes/service-routes.ts'
import { sessionRoutes } from './routes/session-routes.ts'
import { signInRoutes } from './routes/sign-in-routes.ts'
import { type AssetFetcher, assetFile, staticPages } from './routes/static-routes.ts'

export interface AppDeps {
  config: Config
  stores: StoreConnector
  keys: KeyRing
  /** Built once per isolate; each request adds its store (the AuthContext). */
  services: AuthServices
  /** The Workers ASSETS binding: the demo page and the docs (absent in the bench's workerd). */
  assets?: AssetFetcher | undefined
  /** Makes each request's Mailer (the MAIL_QUEUE producer); without it mail is dropped, logged. */
  mail?: Outbox | undefined
}

export function createApp(deps: AppDeps) {
  const { config, services } = deps
  const browser = createBrowserTransport({
    origins: config.corsOrigins,
    cookie: { ...config.cookie, maxAge: config.refresh.ttl },
  })
  const { limiter, refreshLimiter, period } = config.ipRateLimit
  const endpoint = createEndpointBinder({
    // Refresh has its own, larger budget (README, "Rate limits"); every other scope shares one.
    throttle: (scope) =>
      ipRateLimit({
        limiter: scope === 'refresh' ? refreshLimiter : limiter,
        period,
        scope,
        log: services.log,
      }),
    formCsrf: browser.formCsrf,
  })
  const kit: RouteKit = { endpoint, browser }
  const open = openContext(deps.stores, services, deps.mail ?? createMailDropper(services.log))

  const app = new Hono<AppEnv>()
  app.use(requestId({ limitLength: 64 }))
  app.use(requestLog(services.log, services.clock))
  app.use(browser.cors)
  // The pages set their own headers (a CSP that lets them run); everything after gets the API's.
  app.route('/', staticPages(kit, deps.assets))
  app.use(secureHeaders(API_SECURITY_HEADERS))
  app.use('/auth/*', open)
  app.use('/health', open)
  const routes = app
    .route('/', serviceRoutes(kit, deps.keys.publicJwks))
    .route('/', signInRoutes(kit))
    .route('/', sessionRoutes(kit))
    .route('/', emailRoutes(kit))
    .route('/', accountRoutes(kit))
    .route('/', mfaRoutes(kit))
    .route('/', passkeyRoutes(kit))
  installFallbacks(app, assetFile(deps.assets))
  return routes
}

export type App = ReturnType<typeof createApp>

/** hono's secure-headers for a JSON API: nothing here is ever a page to frame or a script to run. */
const API_SECURITY_HEADERS = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  crossOriginResourcePolicy: 'cross-origin',
}

/**
 * Opens the store for one request, puts the request's AuthContext on `c.var.auth`, and closes
 * the store after the response (the ws Pool rule).
 */
function openContext(
  stores: StoreConnector,
  services: AuthServices,
  outbox: Outbox,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lease = stores.open()
    // app.request() in tests has no ExecutionContext: hono throws, the outbox lets the task run on.
    const mailer = outbox.forRequest((task) => c.executionCtx.waitUntil(task), c.var.requestId)
    c.set('auth', { ...services, store: lease.store, mailer })
    try {
      await next()
    } finally {
      await lease.close()
    }
  }
}
