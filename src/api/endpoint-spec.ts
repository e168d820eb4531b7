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
    /** A token pair: `Cache-Control: no-store`, and in cookie mode `Set-Cookie`. */
    pair?: true
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
