/** Register, log in, who am I: thin handlers (validate, call the domain, shape the answer). */
import { Hono } from 'hono/tiny'
import { LOGIN, ME, REGISTER } from '../api/sign-in-endpoints.ts'
import { register, registerPendingVerification, toProfile } from '../auth/accounts.ts'
import { authenticate } from '../auth/authenticate.ts'
import { login } from '../auth/login.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

export function signInRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(REGISTER), async (c) => {
      const auth = c.var.auth
      if (auth.policy.requireEmailVerification) {
        await registerPendingVerification(auth, c.req.valid('json'))
        c.set('outcome', 'registration_pending')
        return c.json({ status: 'verification_sent' } as const, 202, NO_STORE)
      }
      const result = await register(auth, c.req.valid('json'), clientMeta(c))
      c.set('outcome', 'registered')
      return c.json(browser.pairBody(c, result), 201, NO_STORE)
    })
    .on(...endpoint(LOGIN), async (c) => {
      const result = await login(c.var.auth, c.req.valid('json'), clientMeta(c))
      c.set('outcome', 'login_succeeded')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(ME), async (c) => {
      const { user } = await authenticate(c.var.auth, bearerToken(c))
      return c.json({ user: toProfile(user) }, 200, { 'cache-control': 'no-store' })
    })
}
