import { Hono } from 'hono/tiny'
import type { KeyRing } from '../auth/keys.ts'
import type { AppEnv } from '../http/app-env.ts'

/**
 * Verifiers and Cloudflare's cache may hold the key set for 10 minutes: a new key must be
 * published at least that long before it signs (README, "Rotating signing keys").
 */
export const JWKS_MAX_AGE = 600

/** GET /.well-known/jwks.json: public halves only; `{keys: []}` when only HS256 is configured. */
export function createJwksRoutes(keys: KeyRing) {
  const body = { keys: keys.publicJwks }
  return new Hono<AppEnv>().get('/.well-known/jwks.json', (c) =>
    c.json(body, 200, { 'cache-control': `public, max-age=${JWKS_MAX_AGE}` }),
  )
}
