/** The contract of the service endpoints: health and keys (src/routes/service-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'

/**
 * Verifiers and Cloudflare's cache may hold the key set for 10 minutes: a new key must be
 * published at least that long before it signs (README, "Rotating signing keys").
 */
export const JWKS_MAX_AGE = 600

export const HEALTH = defineEndpoint({
  method: 'get',
  path: '/health',
  tag: 'service',
  summary: 'Liveness and database reachability',
  success: { status: 200, description: 'Up', body: 'Health' },
})

export const JWKS = defineEndpoint({
  method: 'get',
  path: '/.well-known/jwks.json',
  tag: 'service',
  summary: 'Public signing keys (empty in HS256 mode)',
  database: false,
  success: {
    status: 200,
    description: 'JWK set, cacheable for 10 minutes',
    body: 'Jwks',
    cache: `public, max-age=${JWKS_MAX_AGE}`,
  },
})

export const SERVICE_ENDPOINTS = [HEALTH, JWKS]
