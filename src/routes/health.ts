import { Hono } from 'hono/tiny'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'

/** Liveness plus database reachability: 200 when a query round-trips, 503 otherwise. */
export function createHealthRoutes() {
  return new Hono<AppEnv>().get('/health', async (c) => {
    try {
      await c.var.store.ping()
    } catch (cause) {
      throw new AuthError('unavailable', { message: 'Database unreachable', retryAfter: 5, cause })
    }
    return c.json({ status: 'ok', database: 'ok' }, 200, { 'cache-control': 'no-store' })
  })
}
