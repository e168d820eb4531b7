/**
 * Better Auth on Cloudflare Workers as its docs set it up: a Hono app that mounts `auth.handler`
 * on /api/auth/* (docs/integrations/hono), `nodejs_compat` for node:crypto and AsyncLocalStorage
 * (docs/guides/cloudflare), bindings read through `cloudflare:workers`, the client IP from
 * CF-Connecting-IP, and Postgres through its Drizzle adapter on `drizzle-orm/neon-http` and the
 * Neon serverless driver (the Better Auth on Cloudflare example on hono.dev). Its password hash
 * is its default: @better-auth/utils/password resolves, under the `workerd` export condition, to
 * the node:crypto scrypt (N=16384, r=16, p=1), which workerd implements natively.
 *
 * Built once per isolate (module scope), as the docs' `cloudflare:workers` form allows: the
 * neon-http client holds no connection, so nothing is shared across requests but configuration.
 * Locally the driver goes through the project's Neon-protocol proxy, as our service's does.
 */

import { env } from 'cloudflare:workers'
import { neon } from '@neondatabase/serverless'
import { betterAuth } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import { drizzle } from 'drizzle-orm/neon-http'
import { Hono } from 'hono'
import { BENCH_ONLY_SECRET, BETTER_AUTH_OPTIONS } from '../better-auth-options.ts'
import * as schema from '../better-auth-schema.ts'
import { useLocalNeonProxy } from './neon-local-proxy.ts'

interface Bindings {
  DATABASE_URL: string
  NEON_LOCAL_PROXY?: string
  BETTER_AUTH_URL: string
  BETTER_AUTH_SECRET?: string
}

const bindings = env as unknown as Bindings
if (bindings.NEON_LOCAL_PROXY === 'true') useLocalNeonProxy()

const db = drizzle(neon(bindings.DATABASE_URL), { schema })

export const auth = betterAuth({
  ...BETTER_AUTH_OPTIONS,
  baseURL: bindings.BETTER_AUTH_URL,
  secret: bindings.BETTER_AUTH_SECRET ?? BENCH_ONLY_SECRET,
  database: drizzleAdapter(db, { provider: 'pg', schema }),
  advanced: { ipAddress: { ipAddressHeaders: ['cf-connecting-ip'] } },
})

const app = new Hono()
app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw))

export default app
