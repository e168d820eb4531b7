/**
 * createApp(deps): the whole HTTP surface, built from its dependencies. It knows nothing of
 * Workers bindings or Neon (src/index.ts wires those), so tests build the same app with theirs.
 */

import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { Hono } from 'hono/tiny'
import type { Clock } from './auth/clock.ts'
import type { KeyRing } from './auth/keys.ts'
import type { PasswordHasher } from './auth/password.ts'
import type { TokenService } from './auth/tokens.ts'
import type { Config } from './config.ts'
import type { StoreConnector } from './db/client.ts'
import type { AppEnv } from './http/app-env.ts'
import { type BrowserPolicy, browserCors } from './http/browser.ts'
import { installFallbacks } from './http/fallbacks.ts'
import { ipRateLimit } from './http/rate-limit.ts'
import { requestLog } from './http/request-log.ts'
import type { Logger } from './log.ts'
import { createAuthRoutes, type RouteDeps } from './routes/auth.ts'
import { createHealthRoutes } from './routes/health.ts'
import { createJwksRoutes } from './routes/jwks.ts'
import { createSessionRoutes } from './routes/sessions.ts'

export interface AppDeps {
  config: Config
  stores: StoreConnector
  passwords: PasswordHasher
  keys: KeyRing
  tokens: TokenService
  clock: Clock
  log: Logger
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use(requestId({ limitLength: 64 }))
  app.use(requestLog(deps.log, deps.clock))
  app.use(secureHeaders(API_SECURITY_HEADERS))
  const browser = { origins: deps.config.corsOrigins, credentials: deps.config.cookie.enabled }
  app.use(browserCors(browser))
  const { limiter, period } = deps.config.ipRateLimit
  for (const scope of ['login', 'register', 'refresh', 'password']) {
    app.use(`/auth/${scope}`, ipRateLimit({ limiter, period, scope, log: deps.log }))
  }
  app.use('/auth/*', openStore(deps.stores))
  app.use('/health', openStore(deps.stores))

  const routeDeps = toRouteDeps(deps, browser)
  const routes = app
    .route('/', createHealthRoutes())
    .route('/', createJwksRoutes(deps.keys))
    .route('/auth', createAuthRoutes(routeDeps))
    .route('/auth', createSessionRoutes(routeDeps))

  installFallbacks(app)
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

/** Opens the database for one request and closes it after the response (the ws Pool rule). */
function openStore(stores: StoreConnector) {
  return async (c: import('hono').Context<AppEnv>, next: () => Promise<void>) => {
    const lease = stores.open()
    c.set('store', lease.store)
    try {
      await next()
    } finally {
      await lease.close()
    }
  }
}

function toRouteDeps(deps: AppDeps, browser: BrowserPolicy): RouteDeps {
  const { config } = deps
  return {
    passwords: deps.passwords,
    tokens: deps.tokens,
    clock: deps.clock,
    log: deps.log,
    refresh: config.refresh,
    lockout: config.lockout,
    passwordMinLength: config.password.minLength,
    cookie: { ...browser, ...config.cookie, maxAge: config.refresh.ttl },
  }
}
