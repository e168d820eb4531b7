/**
 * createApp(deps): the whole HTTP surface, built from its dependencies. It knows nothing of
 * Workers bindings or Neon (src/index.ts wires those), so tests build the same app with theirs.
 */
import { Hono } from 'hono'
import { methodNotAllowed } from 'hono/method-not-allowed'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Clock } from './auth/clock.ts'
import type { KeyRing } from './auth/keys.ts'
import type { PasswordHasher } from './auth/password.ts'
import type { TokenService } from './auth/tokens.ts'
import type { Config } from './config.ts'
import type { StoreConnector } from './db/client.ts'
import { AuthError } from './errors.ts'
import type { AppEnv } from './http/app-env.ts'
import { describeError, errorResponse, toAuthError } from './http/error-response.ts'
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
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }))
  app.use(methodNotAllowed({ app, onMethodNotAllowed: methodNotAllowedResponse }))
  app.use('/auth/*', openStore(deps.stores))
  app.use('/health', openStore(deps.stores))

  const routeDeps: RouteDeps = {
    passwords: deps.passwords,
    tokens: deps.tokens,
    clock: deps.clock,
    log: deps.log,
    refresh: deps.config.refresh,
  }
  const routes = app
    .route('/', createHealthRoutes())
    .route('/', createJwksRoutes(deps.keys))
    .route('/auth', createAuthRoutes(routeDeps))
    .route('/auth', createSessionRoutes(routeDeps))

  app.notFound((c) => errorResponse(c, new AuthError('not_found')))
  app.onError((error, c) => {
    const authError = toAuthError(error)
    c.set('outcome', authError.code)
    if (authError.status >= 500) c.set('errorInfo', describeError(error))
    return errorResponse(c, authError)
  })
  return routes
}

export type App = ReturnType<typeof createApp>

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

function methodNotAllowedResponse(c: import('hono').Context, methods: string[]): Response {
  const response = errorResponse(c, new AuthError('method_not_allowed'))
  response.headers.set('allow', methods.join(', '))
  return response
}
