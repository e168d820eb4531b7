/**
 * What browser clients need: CORS for the allowlisted origins only, and the origin check that
 * protects requests authenticated by the refresh cookie from cross-site forgery (OWASP CSRF
 * Prevention Cheat Sheet: verifying origin with standard headers).
 */
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { csrf } from 'hono/csrf'

export interface BrowserPolicy {
  /** Exact origins, or ['*'] when cookies are off. */
  origins: string[]
  credentials: boolean
}

/** Same-origin requests, and cross-origin ones from the allowlist. */
export function isAllowedOrigin(
  policy: BrowserPolicy,
  origin: string | undefined,
  c: Context,
): boolean {
  if (!origin) return false
  if (origin === new URL(c.req.url).origin) return true
  return policy.origins.includes(origin) || (!policy.credentials && policy.origins.includes('*'))
}

/**
 * hono's cors for listed origins (credentials only when cookies are on); an unlisted origin gets
 * no CORS header at all, so the browser keeps the answer from its script.
 */
export function browserCors(policy: BrowserPolicy): MiddlewareHandler {
  const handler = cors({
    origin: (origin) => origin,
    credentials: policy.credentials,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization'],
    exposeHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  })
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (!origin || origin === new URL(c.req.url).origin || !isAllowedOrigin(policy, origin, c))
      return next()
    return handler(c, next)
  }
}

/**
 * hono's csrf for browser requests: a form-encoded or text/plain POST (what a cross-site form can
 * send) from a foreign origin is 403. Requests without an Origin do not come from a browser page
 * (browsers send one on every POST), so there is no ambient cookie to abuse; those pass.
 */
export function formCsrf(policy: BrowserPolicy): MiddlewareHandler {
  const handler = csrf({ origin: (origin, c) => isAllowedOrigin(policy, origin, c) })
  return async (c, next) => (c.req.header('origin') === undefined ? next() : handler(c, next))
}
