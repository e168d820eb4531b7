/** Account recovery and ownership by email: thin handlers over src/auth/. */
import { Hono } from 'hono/tiny'
import {
  CHANGE_EMAIL,
  FORGOT_PASSWORD,
  RESET_PASSWORD,
  SEND_VERIFICATION,
  VERIFY_EMAIL,
} from '../api/email-endpoints.ts'
import { requestEmailChange } from '../auth/email-change.ts'
import { sendVerification, verifyEmail } from '../auth/email-verification.ts'
import { forgotPassword, resetPassword } from '../auth/password-reset.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

/** The same body, headers and status whatever happened (no account enumeration). */
const SENT = { status: 'sent' } as const

export function emailRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(FORGOT_PASSWORD), async (c) => {
      await forgotPassword(c.var.auth, c.req.valid('json').email)
      c.set('outcome', 'reset_requested')
      return c.json(SENT, 202, NO_STORE)
    })
    .on(...endpoint(RESET_PASSWORD), async (c) => {
      const result = await resetPassword(c.var.auth, c.req.valid('json'), clientMeta(c))
      c.set('outcome', 'password_reset')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(SEND_VERIFICATION), async (c) => {
      await sendVerification(c.var.auth, c.req.valid('json').email)
      c.set('outcome', 'verification_requested')
      return c.json(SENT, 202, NO_STORE)
    })
    .on(...endpoint(VERIFY_EMAIL), async (c) => {
      const result = await verifyEmail(c.var.auth, c.req.valid('json').token, clientMeta(c))
      c.set('outcome', 'email_verified')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(CHANGE_EMAIL), async (c) => {
      await requestEmailChange(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'email_change_requested')
      return c.json(SENT, 202, NO_STORE)
    })
}
