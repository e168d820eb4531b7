/** Refresh, logout, password change: the session lifecycle. */
import { Hono } from 'hono/tiny'
import { LOGOUT, PASSWORD_CHANGE, REFRESH } from '../api/session-endpoints.ts'
import { logoutOthers } from '../auth/devices.ts'
import { logout, logoutAll } from '../auth/logout.ts'
import { changePassword } from '../auth/password-change.ts'
import { refresh } from '../auth/refresh.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

export function sessionRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(REFRESH), async (c) => {
      const token = browser.presentedRefreshToken(c, c.req.valid('json').refreshToken)
      if (token === undefined) throw new AuthError('invalid_token', { message: 'No refresh token' })
      const result = await refresh(c.var.auth, token)
      c.set('outcome', 'refreshed')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(LOGOUT), async (c) => {
      const { scope } = c.req.valid('query')
      if (scope === 'all') {
        await logoutAll(c.var.auth, bearerToken(c))
        c.set('outcome', 'logout_all')
      } else if (scope === 'others') {
        await logoutOthers(c.var.auth, bearerToken(c))
        c.set('outcome', 'logout_others')
        return c.body(null, 204) // this session, and its cookie, live on
      } else {
        const token = browser.presentedRefreshToken(c, c.req.valid('json').refreshToken)
        await logout(c.var.auth, token)
        c.set('outcome', 'logout')
      }
      browser.clearRefreshCookie(c)
      return c.body(null, 204)
    })
    .on(...endpoint(PASSWORD_CHANGE), async (c) => {
      const result = await changePassword(
        c.var.auth,
        bearerToken(c),
        c.req.valid('json'),
        clientMeta(c),
      )
      c.set('outcome', 'password_changed')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
}
