/**
 * Cookie mode (AUTH_COOKIE=on): the refresh token travels only in an HttpOnly, Secure, SameSite
 * cookie scoped to /auth, out of reach of scripts (OWASP Session Management Cheat Sheet: cookie
 * attributes); the access token stays in the JSON body. Browsers (requests with an Origin header)
 * get the cookie; other clients keep the token in the body.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { SignedIn } from '../auth/session-tokens.ts'
import { AuthError } from '../errors.ts'
import { type BrowserPolicy, isAllowedOrigin } from './browser.ts'
import { REFRESH_COOKIE } from './cookie-name.ts'

const COOKIE_PATH = '/auth'

export interface CookiePolicy extends BrowserPolicy {
  enabled: boolean
  sameSite: 'Strict' | 'Lax' | 'None'
  /** Seconds: the session's absolute lifetime. */
  maxAge: number
}

/** Whether the token pair of this answer goes in the cookie. */
export function answersWithCookie(c: Context, policy: CookiePolicy): boolean {
  return policy.enabled && c.req.header('origin') !== undefined
}

/**
 * The refresh token of a refresh or logout: the body's when there is one, else the cookie's,
 * and a cookie is only honoured from an allowed origin (CSRF).
 */
export function presentedRefreshToken(
  c: Context,
  policy: CookiePolicy,
  fromBody: string | undefined,
): string | undefined {
  if (fromBody !== undefined || !policy.enabled) return fromBody
  const cookie = getCookie(c, REFRESH_COOKIE)
  if (cookie === undefined) return undefined
  if (!isAllowedOrigin(policy, c.req.header('origin'), c))
    throw new AuthError('csrf', { outcome: 'csrf_refused' })
  return cookie
}

/** What a token-pair answer carries: `refreshToken` is absent when it went into the cookie. */
export type PairBody = Omit<SignedIn, 'refreshToken'> & { refreshToken?: string }

/** Puts the refresh token in the cookie for browsers in cookie mode; returns the JSON body to send. */
export function pairBody(c: Context, policy: CookiePolicy, result: SignedIn): PairBody {
  if (!answersWithCookie(c, policy)) return result
  setCookie(c, REFRESH_COOKIE, result.refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: policy.sameSite,
    path: COOKIE_PATH,
    maxAge: policy.maxAge,
  })
  const { refreshToken: _, ...withoutRefresh } = result
  return withoutRefresh
}

export function clearRefreshCookie(c: Context, policy: CookiePolicy): void {
  if (policy.enabled) deleteCookie(c, REFRESH_COOKIE, { path: COOKIE_PATH, secure: true })
}
