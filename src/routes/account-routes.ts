/** Devices and the account as data: thin handlers over src/auth/. */
import { Hono } from 'hono/tiny'
import {
  DELETE_ACCOUNT,
  END_SESSION,
  EXPORT_ACCOUNT,
  LIST_SESSIONS,
} from '../api/account-endpoints.ts'
import { deleteAccount, exportAccount } from '../auth/account-data.ts'
import { endDevice, listDevices } from '../auth/devices.ts'
import type { AppEnv } from '../http/app-env.ts'
import { bearerToken, NO_STORE } from '../http/request-meta.ts'
import type { RouteKit } from './route-kit.ts'

export function accountRoutes({ endpoint, browser }: RouteKit) {
  return new Hono<AppEnv>()
    .on(...endpoint(LIST_SESSIONS), async (c) => {
      const sessions = await listDevices(c.var.auth, bearerToken(c))
      return c.json({ sessions }, 200, NO_STORE)
    })
    .on(...endpoint(END_SESSION), async (c) => {
      const { endedCurrent } = await endDevice(c.var.auth, bearerToken(c), c.req.param('id'))
      if (endedCurrent) browser.clearRefreshCookie(c)
      c.set('outcome', 'session_ended')
      return c.body(null, 204)
    })
    .on(...endpoint(DELETE_ACCOUNT), async (c) => {
      await deleteAccount(c.var.auth, bearerToken(c), c.req.valid('json'))
      browser.clearRefreshCookie(c)
      c.set('outcome', 'account_deleted')
      return c.body(null, 204)
    })
    .on(...endpoint(EXPORT_ACCOUNT), async (c) => {
      const data = await exportAccount(c.var.auth, bearerToken(c))
      const headers = { ...NO_STORE, 'content-disposition': EXPORT_ACCOUNT.success.attachment }
      return c.json(data, 200, headers)
    })
}
