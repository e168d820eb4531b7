/**
 * The single place where failures become HTTP responses: `{ error, code, details? }` with the
 * code's status. Anything that is not an AuthError is a bug (500, generic body) unless it is the
 * database being unreachable (503 `unavailable`). Nothing from the error's text reaches the client.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { BEARER_CHALLENGE } from '../api/endpoint-spec.ts'
import { isDatabaseUnavailable } from '../db/unavailable.ts'
import { AuthError, causeChain, ERRORS, type ErrorCode } from '../errors.ts'

const UNAVAILABLE_RETRY_AFTER = 5

export function errorResponse(c: Context, error: AuthError): Response {
  const body: { error: string; code: ErrorCode; details?: unknown } = {
    error: error.message,
    code: error.code,
  }
  if (error.details !== undefined) body.details = error.details
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if (error.retryAfter !== undefined)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfter)))
  if (error.code === 'invalid_token') headers['www-authenticate'] = BEARER_CHALLENGE
  return c.json(body, error.status as 400, headers)
}

/** Classifies any thrown value as one of our codes. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error
  if (error instanceof HTTPException) return fromHttpException(error)
  if (isDatabaseUnavailable(error)) {
    return new AuthError('unavailable', { retryAfter: UNAVAILABLE_RETRY_AFTER, cause: error })
  }
  return new AuthError('internal', { cause: error })
}

function fromHttpException(error: HTTPException): AuthError {
  const code = (Object.keys(ERRORS) as ErrorCode[]).find(
    (key) => ERRORS[key].status === error.status && key !== 'validation_failed',
  )
  return new AuthError(code ?? 'internal', { cause: error })
}

/** Safe facts about an error for the logs: its class and code, never its message (it may hold SQL params). */
export function describeError(error: unknown): { name: string; code?: string } {
  const errors = causeChain(error).filter((link): link is Error => link instanceof Error)
  const name = errors.map((link) => link.name).join('<')
  const code = errors
    .map((link) => (link as { code?: unknown }).code)
    .find((c) => typeof c === 'string')
  return typeof code === 'string' ? { name, code } : { name }
}
