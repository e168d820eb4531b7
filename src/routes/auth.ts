/** /auth/register, /auth/login, /auth/me: thin handlers (validate, call the domain, shape). */
import { Hono } from 'hono/tiny'
import type { AuthDeps } from '../auth/deps.ts'
import { authenticate, login, register, toProfile } from '../auth/service.ts'
import type { AppEnv } from '../http/app-env.ts'
import { jsonBody, limitBody, requireJson } from '../http/json-body.ts'
import { type CookiePolicy, pairBody } from '../http/refresh-cookie.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-context.ts'
import { LoginBody, RegisterBody } from '../http/schemas.ts'

export type RouteDeps = Omit<AuthDeps, 'store'> & { cookie: CookiePolicy }

export function createAuthRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/register', limitBody, requireJson(), jsonBody(RegisterBody), async (c) => {
      const result = await register(
        { ...deps, store: c.var.store },
        c.req.valid('json'),
        clientMeta(c),
      )
      c.set('outcome', 'registered')
      return c.json(pairBody(c, deps.cookie, result), 201, NO_STORE)
    })
    .post('/login', limitBody, requireJson(), jsonBody(LoginBody), async (c) => {
      const result = await login(
        { ...deps, store: c.var.store },
        c.req.valid('json'),
        clientMeta(c),
      )
      c.set('outcome', 'login_succeeded')
      return c.json(pairBody(c, deps.cookie, result), 200, NO_STORE)
    })
    .get('/me', async (c) => {
      const { user } = await authenticate({ ...deps, store: c.var.store }, bearerToken(c))
      return c.json({ user: toProfile(user) }, 200, { 'cache-control': 'no-store' })
    })
}
