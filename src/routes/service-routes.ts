/** Health and the public signing keys. */
import { Hono } from 'hono/tiny'
import { HEALTH, JWKS } from '../api/service-endpoints.ts'
import type { PublicJwk } from '../auth/signing-keys.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'
import type { RouteKit } from './route-kit.ts'

export function serviceRoutes({ endpoint }: RouteKit, publicJwks: PublicJwk[]) {
  const jwks = { keys: publicJwks }
  return new Hono<AppEnv>()
    .on(...endpoint(HEALTH), async (c) => {
      try {
        await c.var.auth.store.ping()
      } catch (cause) {
        throw new AuthError('unavailable', {
          message: 'Database unreachable',
          retryAfter: 5,
          cause,
        })
      }
      return c.json({ status: 'ok', database: 'ok' } as const, 200, { 'cache-control': 'no-store' })
    })
    .on(...endpoint(JWKS), (c) => c.json(jwks, 200, { 'cache-control': JWKS.success.cache }))
}
