/**
 * Per-client-IP throttling with the Workers Rate Limiting binding, before any parsing or hashing
 * (ASVS 5.0 V2.4.1, V6.3.1, V15.2.2). The key is Cloudflare's CF-Connecting-IP, never a client-supplied
 * X-Forwarded-For; IPv6 clients are grouped by /64 (one customer usually holds a whole /64), and
 * requests without a client IP share one bucket rather than escaping the limit.
 */
import type { MiddlewareHandler } from 'hono'
import type { RateLimiter } from '../config.ts'
import { AuthError } from '../errors.ts'
import type { Logger } from '../log.ts'

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

/** The bucket for a client address: the IPv4 address, the IPv6 /64 prefix, or `unknown`. */
export function clientBucket(ip: string | undefined): string {
  if (!ip) return 'unknown'
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.)/, '')
  if (IPV4.test(address)) return address
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(':')) return 'unknown'
  const [head = '', tail = ''] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const missing = address.includes('::') ? 8 - left.length - right.length : 0
  const groups = [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
  const prefix = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16))
  return `${prefix.join(':')}::/64`
}

/** Refuses with 429 `rate_limited` and Retry-After when the IP's bucket for `scope` is empty. */
export function ipRateLimit(options: {
  limiter: RateLimiter
  period: number
  scope: string
  log: Logger
}): MiddlewareHandler {
  return async (c, next) => {
    const key = `${options.scope}:${clientBucket(c.req.header('cf-connecting-ip'))}`
    let allowed = true
    try {
      allowed = (await options.limiter.limit({ key })).success
    } catch (error) {
      // Availability over strictness: the per-account lockout still applies behind this.
      options.log.warn({ msg: 'rate limiter unavailable', error: (error as Error).name })
    }
    if (!allowed)
      throw new AuthError('rate_limited', {
        retryAfter: options.period,
        outcome: 'ip_rate_limited',
      })
    await next()
  }
}
