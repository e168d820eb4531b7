/**
 * Every route of the API with its request and response schemas: the single source of the
 * OpenAPI document (scripts/build-assets.ts). A test checks the app serves exactly these.
 */
import type * as z from 'zod/mini'
import { LoginBody, LogoutBody, PasswordChangeBody, RefreshBody, RegisterBody } from '../schemas.ts'
import { ErrorBody, Health, Jwks, Profile, TokenPair } from './responses.ts'

export interface RouteDoc {
  method: 'get' | 'post'
  path: string
  summary: string
  tag: 'auth' | 'sessions' | 'service'
  body?: z.ZodMiniType
  query?: Record<string, { description: string; enum: string[] }>
  /** Status → body schema (undefined: no body) and description. */
  responses: Record<number, { description: string; schema?: z.ZodMiniType; contentType?: string }>
  security?: Array<'bearer' | 'refreshCookie'>
  /** Also callable without either scheme (the refresh token in the body). */
  anonymous?: true
}

const error = (description: string) => ({ description, schema: ErrorBody })
const pair = (description: string) => ({ description, schema: TokenPair })
const BODY_ERRORS = {
  400: error('`invalid_json`, `validation_failed` (zod flattened `details`) or `weak_password`'),
  413: error('`payload_too_large`: over 16 KiB'),
  415: error('`unsupported_media_type`: not application/json'),
  429: error('`rate_limited`, with `Retry-After`'),
  503: error('`unavailable`: the database is unreachable or slow, with `Retry-After`'),
}

export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/auth/register',
    tag: 'auth',
    summary: 'Create an account and start a session',
    body: RegisterBody,
    responses: { 201: pair('Signed in'), ...BODY_ERRORS, 409: error('`email_taken`') },
  },
  {
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Check a password and start a session',
    body: LoginBody,
    responses: {
      200: pair('Signed in'),
      ...BODY_ERRORS,
      401: error('`invalid_credentials`: unknown email or wrong password, same answer'),
    },
  },
  {
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Who the access token belongs to',
    security: ['bearer'],
    responses: {
      200: { description: 'The user', schema: Profile },
      401: error('`invalid_token`, with `WWW-Authenticate: Bearer`'),
      503: BODY_ERRORS[503],
    },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    tag: 'sessions',
    summary: 'Rotate the refresh token (body, or the cookie in cookie mode)',
    body: RefreshBody,
    security: ['refreshCookie'],
    anonymous: true,
    responses: {
      200: pair('A new pair; the presented refresh token stops working'),
      ...BODY_ERRORS,
      401: error('`invalid_token`; a reused rotated token also ends its session'),
      403: error('`csrf`: the cookie from a foreign origin'),
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    tag: 'sessions',
    summary:
      'End the session of a refresh token, or all sessions with ?scope=all and a bearer token',
    body: LogoutBody,
    query: {
      scope: { description: '`all`: end every session of the bearer token’s user', enum: ['all'] },
    },
    security: ['refreshCookie', 'bearer'],
    anonymous: true,
    responses: {
      204: { description: 'Done (also for an unknown token)' },
      400: BODY_ERRORS[400],
      401: error('`invalid_token` (scope=all)'),
      403: error('`csrf`'),
      503: BODY_ERRORS[503],
    },
  },
  {
    method: 'post',
    path: '/auth/password',
    tag: 'sessions',
    summary: 'Change the password; ends every session and starts a new one',
    body: PasswordChangeBody,
    security: ['bearer'],
    responses: {
      200: pair('Signed in with a new session'),
      ...BODY_ERRORS,
      401: error('`invalid_token` or `invalid_credentials` (current password)'),
    },
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    tag: 'service',
    summary: 'Public signing keys (empty in HS256 mode)',
    responses: { 200: { description: 'JWK set, cacheable for 10 minutes', schema: Jwks } },
  },
  {
    method: 'get',
    path: '/health',
    tag: 'service',
    summary: 'Liveness and database reachability',
    responses: { 200: { description: 'Up', schema: Health }, 503: error('`unavailable`') },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'service',
    summary: 'This document (a static asset)',
    responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'service',
    summary: 'The API documentation page (a static asset)',
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
]
