/** /auth/refresh, /auth/logout, /auth/password: the session lifecycle. */
import { Hono } from 'hono/tiny'
import { changePassword, logout, logoutAll, refresh } from '../auth/sessions.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'
import { formCsrf } from '../http/browser.ts'
import { jsonBody, limitBody, requireJson, validateQuery } from '../http/json-body.ts'
import { clearRefreshCookie, pairBody, presentedRefreshToken } from '../http/refresh-cookie.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-context.ts'
import { LogoutBody, LogoutQuery, PasswordChangeBody, RefreshBody } from '../http/schemas.ts'
import type { RouteDeps } from './auth.ts'

export function createSessionRoutes(deps: RouteDeps) {
  const optionalJson = requireJson({ optional: true })
  return new Hono<AppEnv>()
    .post(
      '/refresh',
      formCsrf(deps.cookie),
      limitBody,
      optionalJson,
      jsonBody(RefreshBody),
      async (c) => {
        const token = presentedRefreshToken(c, deps.cookie, c.req.valid('json').refreshToken)
        if (token === undefined)
          throw new AuthError('invalid_token', { message: 'No refresh token' })
        const result = await refresh({ ...deps, store: c.var.store }, token)
        c.set('outcome', 'refreshed')
        return c.json(pairBody(c, deps.cookie, result), 200, NO_STORE)
      },
    )
    .post(
      '/logout',
      formCsrf(deps.cookie),
      limitBody,
      optionalJson,
      validateQuery(LogoutQuery),
      jsonBody(LogoutBody),
      async (c) => {
        const auth = { ...deps, store: c.var.store }
        if (c.req.valid('query').scope === 'all') {
          await logoutAll(auth, bearerToken(c))
          c.set('outcome', 'logout_all')
        } else {
          await logout(
            auth,
            presentedRefreshToken(c, deps.cookie, c.req.valid('json').refreshToken),
          )
          c.set('outcome', 'logout')
        }
        clearRefreshCookie(c, deps.cookie)
        return c.body(null, 204)
      },
    )
    .post('/password', limitBody, requireJson(), jsonBody(PasswordChangeBody), async (c) => {
      const token = bearerToken(c)
      const result = await changePassword(
        { ...deps, store: c.var.store },
        token,
        c.req.valid('json'),
        clientMeta(c),
      )
      c.set('outcome', 'password_changed')
      return c.json(pairBody(c, deps.cookie, result), 200, NO_STORE)
    })
}
