/**
 * Everything browsers need, under one policy built once in app.ts:
 *  - CORS for the allowlisted origins only (unlisted origins get no CORS header, so the browser
 *    keeps the answer from their scripts);
 *  - cookie mode (AUTH_COOKIE=on): the refresh token travels only in an HttpOnly, Secure,
 *    SameSite `__Host-` cookie, out of reach of scripts (OWASP Session Management Cheat Sheet:
 *    cookie attributes) and of sibling subdomains; the access token stays in the JSON body;
 *  - the origin check that protects requests authenticated by that cookie from cross-site
 *    forgery (OWASP CSRF Prevention Cheat Sheet: verifying origin with standard headers).
 * The request's origin is classified once, by the first middleware, and read from `c.var`.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { cors } from 'hono/cors'
import { csrf } from 'hono/csrf'
import { REFRESH_COOKIE } from '../api/refresh-cookie.ts'
import type { SignedIn } from '../auth/token-pair.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv, OriginKind } from './app-env.ts'

/** `__Host-` requires Path=/ (RFC 6265bis §4.1.3.2). */
const COOKIE_PATH = '/'
const COOKIE_PAIR = new RegExp(`(?:^|;)\\s*${REFRESH_COOKIE}=`, 'g')

export interface BrowserPolicy {
  /** Exact origins, or ['*'] when cookies are off. */
  origins: string[]
  cookie: { enabled: boolean; sameSite: 'Strict' | 'Lax' | 'None'; maxAge: number }
}

/** What a token-pair answer carries: `refreshToken` is absent when it went into the cookie. */
export type PairBody = Omit<SignedIn, 'refreshToken'> & { refreshToken?: string }

export interface BrowserTransport {
  /** First middleware: classifies the Origin and answers CORS for listed origins. */
  cors: MiddlewareHandler<AppEnv>
  /** A form-encoded or text/plain POST (what a cross-site form can send) from a foreign origin is 403. */
  formCsrf: MiddlewareHandler<AppEnv>
  /** The refresh token of a refresh or logout: the body's, else the cookie's (allowed origins only). */
  presentedRefreshToken(c: Context<AppEnv>, fromBody: string | undefined): string | undefined
  /** The JSON body of a token-pair answer; for browsers in cookie mode, the token goes in the cookie. */
  pairBody(c: Context<AppEnv>, result: SignedIn): PairBody
  clearRefreshCookie(c: Context<AppEnv>): void
}

const isPreflight = (c: Context<AppEnv>) =>
  c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined

function varyOnOrigin(res: Response): void {
  if (!/\borigin\b/i.test(res.headers.get('vary') ?? '')) res.headers.append('vary', 'Origin')
}

export function createBrowserTransport(policy: BrowserPolicy): BrowserTransport {
  const { cookie } = policy
  const wildcard = !cookie.enabled && policy.origins.includes('*')
  const classify = (origin: string | undefined, url: string): OriginKind => {
    if (origin === undefined) return 'none'
    if (origin === new URL(url).origin) return 'same'
    return policy.origins.includes(origin) || wildcard ? 'listed' : 'foreign'
  }
  const allowed = (c: Context<AppEnv>) => c.var.origin === 'same' || c.var.origin === 'listed'
  const corsHandler = cors({
    origin: (origin) => origin,
    credentials: cookie.enabled,
    // Every method a route declares (src/api/): a listed app also ends devices, deletes the
    // account and renames passkeys (DELETE, PATCH), which browsers preflight.
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization'],
    exposeHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  })
  const csrfHandler = csrf({ origin: (_origin, c) => allowed(c as Context<AppEnv>) })
  return {
    async cors(c, next) {
      c.set('origin', classify(c.req.header('origin'), c.req.url))
      // A preflight from an origin not allowed gets no grant (the browser then refuses the call),
      // not a 405 that would send its developer looking for the wrong cause; the log says why.
      if (c.var.origin === 'foreign' && isPreflight(c)) {
        c.set('outcome', 'cors_refused')
        const refused = c.body(null, 204)
        varyOnOrigin(refused)
        return refused
      }
      // A preflight is answered by hono's cors itself; anything else comes back through c.res.
      const answer = c.var.origin === 'listed' ? await corsHandler(c, next) : await next()
      const preflight = answer instanceof Response ? answer : undefined
      // Every answer depends on the Origin (CORS headers, cookie or body), so a shared cache must
      // key on it: the JWKS is public for 10 minutes (Fetch spec, CORS and HTTP caches).
      varyOnOrigin(preflight ?? c.res)
      return preflight
    },
    // Requests without an Origin do not come from a browser page (browsers send one on every
    // POST), so there is no ambient cookie to abuse; those pass.
    formCsrf: (c, next) => (c.var.origin === 'none' ? next() : csrfHandler(c, next)),
    presentedRefreshToken(c, fromBody) {
      if (fromBody !== undefined || !cookie.enabled) return fromBody
      const token = getCookie(c, REFRESH_COOKIE)
      if (token === undefined) return undefined
      if (!allowed(c)) throw new AuthError('csrf', { outcome: 'csrf_refused' })
      // Two cookies of that name mean one was planted (cookie tossing); trust neither.
      if ((c.req.header('cookie') ?? '').match(COOKIE_PAIR)?.length !== 1)
        throw new AuthError('invalid_token', { message: 'Conflicting refresh cookies' })
      return token
    },
    pairBody(c, result) {
      if (!cookie.enabled || c.var.origin === 'none') return result
      setCookie(c, REFRESH_COOKIE, result.refreshToken, {
        httpOnly: true,
        secure: true,
        sameSite: cookie.sameSite,
        path: COOKIE_PATH,
        maxAge: cookie.maxAge,
      })
      const { refreshToken: _, ...withoutRefresh } = result
      return withoutRefresh
    },
    clearRefreshCookie(c) {
      if (cookie.enabled) deleteCookie(c, REFRESH_COOKIE, { path: COOKIE_PATH, secure: true })
    },
  }
}
