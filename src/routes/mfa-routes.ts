/** The second factor: thin handlers over src/auth/. */
import { Hono } from 'hono/tiny'
import {
  LOGIN_MFA,
  RECOVERY_CODES,
  TOTP_CONFIRM,
  TOTP_DISABLE,
  TOTP_SETUP,
} from '../api/mfa-endpoints.ts'
import { completeMfaLogin } from '../auth/mfa-login.ts'
import {
  confirmTotp,
  disableTotp,
  regenerateRecoveryCodes,
  setupTotp,
} from '../auth/totp-enrolment.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

export function mfaRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(LOGIN_MFA), async (c) => {
      const result = await completeMfaLogin(c.var.auth, c.req.valid('json'), clientMeta(c))
      c.set('outcome', 'login_succeeded')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(TOTP_SETUP), async (c) => {
      const pending = await setupTotp(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'totp_pending')
      return c.json(pending, 200, NO_STORE)
    })
    .on(...endpoint(TOTP_CONFIRM), async (c) => {
      const codes = await confirmTotp(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'totp_enabled')
      return c.json(codes, 200, NO_STORE)
    })
    .on(...endpoint(TOTP_DISABLE), async (c) => {
      await disableTotp(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'totp_disabled')
      return c.body(null, 204)
    })
    .on(...endpoint(RECOVERY_CODES), async (c) => {
      const codes = await regenerateRecoveryCodes(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'recovery_codes_replaced')
      return c.json(codes, 200, NO_STORE)
    })
}
