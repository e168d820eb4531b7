/** Small readers of the request shared by the routes: the bearer token, who is asking. */
import type { Context } from 'hono'
import type { ClientMeta } from '../auth/context.ts'
import { AuthError } from '../errors.ts'

const MAX_USER_AGENT = 256

/** RFC 6750 §2.1: `Authorization: Bearer <token>`; the scheme is case-insensitive. */
export function bearerToken(c: Context): string {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(c.req.header('authorization') ?? '')
  if (!match?.[1])
    throw new AuthError('invalid_token', { message: 'Missing or malformed bearer token' })
  return match[1]
}

/**
 * Stored with a session for the user's benefit. The client IP comes only from Cloudflare's
 * CF-Connecting-IP, never from a client-supplied X-Forwarded-For.
 */
export function clientMeta(c: Context): ClientMeta {
  const userAgent = c.req.header('user-agent')
  // request.cf: Cloudflare's metadata (absent in tests and in plain workerd).
  const cf = (c.req.raw as { cf?: { country?: unknown; city?: unknown } }).cf
  const text = (value: unknown) => (typeof value === 'string' && value ? value.slice(0, 64) : null)
  return {
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    clientIp: c.req.header('cf-connecting-ip') ?? null,
    country: text(cf?.country),
    city: text(cf?.city),
  }
}

/** Token answers must not be stored by any cache (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }
