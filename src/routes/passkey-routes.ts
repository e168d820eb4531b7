/** Passkeys: thin handlers over src/auth/. */
import { Hono } from 'hono/tiny'
import {
  LIST_PASSKEYS,
  PASSKEY_LOGIN,
  PASSKEY_LOGIN_OPTIONS,
  PASSKEY_REGISTER,
  PASSKEY_REGISTER_OPTIONS,
  REMOVE_PASSKEY,
  RENAME_PASSKEY,
} from '../api/passkey-endpoints.ts'
import { loginWithPasskey, passkeyRequestOptions } from '../auth/passkey-login.ts'
import {
  listPasskeys,
  passkeyCreationOptions,
  registerPasskey,
  removePasskey,
  renamePasskey,
} from '../auth/passkeys.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, clientMeta, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

export function passkeyRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(PASSKEY_REGISTER_OPTIONS), async (c) => {
      const input = c.req.valid('json')
      const options = await passkeyCreationOptions(c.var.auth, bearerToken(c), input)
      return c.json(options, 200, NO_STORE)
    })
    .on(...endpoint(PASSKEY_REGISTER), async (c) => {
      const passkey = await registerPasskey(c.var.auth, bearerToken(c), c.req.valid('json'))
      c.set('outcome', 'passkey_registered')
      return c.json({ passkey }, 201, NO_STORE)
    })
    .on(...endpoint(PASSKEY_LOGIN_OPTIONS), async (c) => {
      const options = await passkeyRequestOptions(c.var.auth, c.req.valid('json'))
      return c.json(options, 200, NO_STORE)
    })
    .on(...endpoint(PASSKEY_LOGIN), async (c) => {
      const result = await loginWithPasskey(c.var.auth, c.req.valid('json').response, clientMeta(c))
      c.set('outcome', 'login_succeeded')
      return c.json(browser.pairBody(c, result), 200, NO_STORE)
    })
    .on(...endpoint(LIST_PASSKEYS), async (c) => {
      const passkeys = await listPasskeys(c.var.auth, bearerToken(c))
      return c.json({ passkeys }, 200, NO_STORE)
    })
    .on(...endpoint(RENAME_PASSKEY), async (c) => {
      const { name } = c.req.valid('json')
      const passkey = await renamePasskey(c.var.auth, bearerToken(c), c.req.param('id'), name)
      return c.json({ passkey }, 200, NO_STORE)
    })
    .on(...endpoint(REMOVE_PASSKEY), async (c) => {
      await removePasskey(c.var.auth, bearerToken(c), c.req.param('id'), c.req.valid('json'))
      c.set('outcome', 'passkey_removed')
      return c.body(null, 204)
    })
}
