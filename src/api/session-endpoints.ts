/** The contract of the session lifecycle (src/routes/session-routes.ts serves it). */
import { defineEndpoint } from './endpoint-spec.ts'
import { LogoutBody, LogoutQuery, PasswordChangeBody, RefreshBody } from './request-schemas.ts'

export const REFRESH = defineEndpoint({
  method: 'post',
  path: '/auth/refresh',
  tag: 'sessions',
  summary: 'Rotate the refresh token (body, or the cookie in cookie mode)',
  body: RefreshBody,
  bodyOptional: true,
  throttle: 'refresh',
  security: ['refreshCookie', 'anonymous'],
  success: {
    status: 200,
    description: 'A new pair; the presented refresh token stops working',
    body: 'TokenPair',
    pair: true,
  },
  errors: ['invalid_token'],
})

export const LOGOUT = defineEndpoint({
  method: 'post',
  path: '/auth/logout',
  tag: 'sessions',
  summary:
    'End the session of a refresh token; with a bearer token, ?scope=all ends every session and ?scope=others every other one',
  body: LogoutBody,
  bodyOptional: true,
  query: LogoutQuery,
  security: ['refreshCookie', 'bearer', 'anonymous'],
  success: { status: 204, description: 'Done (also for an unknown token)', clearsCookie: true },
})

export const PASSWORD_CHANGE = defineEndpoint({
  method: 'post',
  path: '/auth/password',
  tag: 'sessions',
  summary: 'Change the password; ends every session and starts a new one',
  body: PasswordChangeBody,
  throttle: 'password',
  security: ['bearer'],
  success: {
    status: 200,
    description: 'Signed in with a new session',
    body: 'TokenPair',
    pair: true,
  },
  errors: ['weak_password', 'invalid_credentials', 'mfa_required'],
})

export const SESSION_ENDPOINTS = [REFRESH, LOGOUT, PASSWORD_CHANGE]
