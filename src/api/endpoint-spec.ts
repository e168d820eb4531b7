/**
 * Each route is declared once (better-auth's `createAuthEndpoint`): method, path, request
 * schemas, throttling, security and the statuses it answers. The Hono route takes its method,
 * path and middleware from the declaration (src/http/endpoint-binder.ts:
 * `app.on(...endpoint(SPEC), handler)`), and the OpenAPI document (src/http/openapi/, build time
 * only) is generated from the same declarations, so a route cannot be served undocumented, or
 * documented unserved. Declarations import no Hono and no domain code: Node build scripts read them.
 */
import type * as z from 'zod/mini'
import type { ErrorCode } from '../errors.ts'
import type { ResponseName } from './response-schemas.ts'

export type Method = 'get' | 'post' | 'delete' | 'patch'
export type Tag = 'accounts' | 'sessions' | 'service'
/** `anonymous`: callable without either scheme (e.g. the refresh token in the body). */
export type Security = 'bearer' | 'refreshCookie' | 'anonymous'

export interface EndpointSpec<M extends Method = Method, P extends string = string> {
  method: M
  path: P
  summary: string
  tag: Tag
  body?: z.ZodMiniType
  /** The body may be left out (refresh and logout then read the cookie). */
  bodyOptional?: true
  query?: z.ZodMiniType
  /** Per-client-IP limit under this scope (Workers Rate Limiting), before any parsing. */
  throttle?: string
  /** Default: anonymous only. */
  security?: readonly Security[]
  /** Default true: the route reads the database, so it can answer 503 `unavailable`. */
  database?: false
  success: {
    status: 200 | 201 | 202 | 204 | 307
    description: string
    body?: ResponseName
    /**
     * Its `Cache-Control`, when not `no-store` (see successHeaders); `asset` for a file of
     * public/, which carries the asset server's default (ASSET_CACHE).
     */
    cache?: string
    /** A token pair: in cookie mode `Set-Cookie` gives the refresh cookie. */
    pair?: true
    /** In cookie mode `Set-Cookie` expires the refresh cookie: the session ended here. */
    clearsCookie?: true
    /** `Content-Disposition`: the body is a file to save. */
    attachment?: string
    /** Non-JSON answers (static assets). */
    contentType?: string
  }
  /** A second success the route may give instead (registration with verification required). */
  alternative?: { status: 200 | 201 | 202 | 204; description: string; body?: ResponseName }
  /** Codes this route answers beyond those its declaration implies (see impliedErrors). */
  errors?: readonly ErrorCode[]
}

/** Keeps literal method and path types, which the Hono route and hono/client read. */
export const defineEndpoint = <const S extends EndpointSpec>(spec: S): S => spec

/** The error codes a declaration implies, then its own: what the document lists, in that order. */
export function endpointErrors(spec: EndpointSpec): ErrorCode[] {
  const codes: ErrorCode[] = []
  if (spec.body)
    codes.push('invalid_json', 'validation_failed', 'payload_too_large', 'unsupported_media_type')
  else if (spec.query) codes.push('validation_failed')
  if (spec.security?.includes('bearer')) codes.push('invalid_token')
  if (spec.security?.includes('refreshCookie')) codes.push('csrf')
  if (spec.throttle) codes.push('rate_limited')
  if (spec.database !== false) codes.push('unavailable')
  return [...new Set([...codes, ...(spec.errors ?? [])])]
}

/**
 * What Workers static assets answer a file with: cache, but revalidate every time (Cloudflare,
 * "Static Assets: Headers"); left out when the request has an Authorization or Range header.
 */
export const ASSET_CACHE = 'public, max-age=0, must-revalidate'

/** A response header of the contract: its value when fixed, and whether every answer sends it. */
export interface ContractHeader {
  value?: string
  /** A regular expression its value matches, when not fixed. */
  pattern?: string
  /** False when only some answers carry it (cookie mode, browsers). */
  always: boolean
}

/**
 * The headers a success answer carries, from its declaration. Every JSON answer is `no-store`
 * (each holds a user's data, a secret or a state that changes; RFC 9111 §5.2.2.5) unless it
 * declares another `cache`; an answer without a JSON body carries none.
 */
export function successHeaders(s: EndpointSpec['success']): Record<string, ContractHeader> {
  const headers: Record<string, ContractHeader> = {}
  const cache = s.cache ?? (s.body ? 'no-store' : undefined)
  if (cache === 'asset') headers['Cache-Control'] = { value: ASSET_CACHE, always: false }
  else if (cache) headers['Cache-Control'] = { value: cache, always: true }
  if (s.pair || s.clearsCookie) headers['Set-Cookie'] = { always: false }
  if (s.attachment) headers['Content-Disposition'] = { value: s.attachment, always: true }
  if (s.status === 307) headers.Location = { always: true }
  return headers
}

/** RFC 6750 §3: a 401 for a bad bearer token says how to authenticate. */
export const BEARER_CHALLENGE = 'Bearer realm="edge-auth", error="invalid_token"'

/**
 * The headers an error answer with these codes carries (src/http/error-response.ts): never
 * cached; `Retry-After` in seconds on 429 and 503; the bearer challenge with `invalid_token`.
 */
export function errorHeaders(status: number, codes: ErrorCode[]): Record<string, ContractHeader> {
  const headers: Record<string, ContractHeader> = {
    'Cache-Control': { value: 'no-store', always: true },
  }
  if (status === 429 || status === 503)
    headers['Retry-After'] = { pattern: '^[1-9][0-9]*$', always: true }
  if (codes.includes('invalid_token'))
    headers['WWW-Authenticate'] = { value: BEARER_CHALLENGE, always: codes.length === 1 }
  return headers
}
