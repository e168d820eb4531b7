/** The client's one error type: what the server said (`{error, code, details}`), or why it could not be asked. */
import type { ErrorCode } from '../errors.ts'

/** The server's error body (README, "API"). */
export interface ErrorBody {
  error: string
  code: string
  details?: unknown
}

/**
 * `code` is the server's code, or one of the client's own: `network_error` (no answer: offline,
 * DNS, CORS refusal) and `http_error` (an answer that is not our JSON error, e.g. a proxy's 502).
 */
export type ClientErrorCode = ErrorCode | 'network_error' | 'http_error'

/** A failed call. `status` is 0 when no HTTP answer arrived. */
export class AuthClientError extends Error {
  readonly status: number
  readonly code: ClientErrorCode
  readonly details: unknown
  /** Seconds to wait before trying again (`Retry-After` on 429 and 503), when the server said. */
  readonly retryAfter: number | undefined

  constructor(
    status: number,
    body: ErrorBody,
    options: { retryAfter?: number; cause?: unknown } = {},
  ) {
    super(body.error, { cause: options.cause })
    this.name = 'AuthClientError'
    this.status = status
    this.code = body.code as ClientErrorCode
    this.details = body.details
    this.retryAfter = options.retryAfter
  }
}

/** What the client reads of an answer: a fetch Response or hono/client's typed view of one. */
export interface Answer {
  readonly ok: boolean
  readonly status: number
  readonly statusText: string
  readonly headers: Headers
  text(): Promise<string>
  json(): Promise<unknown>
}

/** Reads a non-2xx answer into an AuthClientError, whatever its body. */
export async function errorFromResponse(res: Answer): Promise<AuthClientError> {
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'))
  const options = retryAfter === undefined ? {} : { retryAfter }
  const text = await res.text().catch(() => '')
  const body = parseErrorBody(text)
  if (body) return new AuthClientError(res.status, body, options)
  const error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
  return new AuthClientError(res.status, { error, code: 'http_error' }, options)
}

/** fetch rejects (a TypeError) when no answer arrived at all: offline, refused, or CORS. */
export function networkError(cause: unknown): AuthClientError {
  const error = 'Network error: the server could not be reached'
  return new AuthClientError(0, { error, code: 'network_error' }, { cause })
}

function parseErrorBody(text: string): ErrorBody | undefined {
  try {
    const value = JSON.parse(text) as Partial<ErrorBody> | null
    if (typeof value?.error === 'string' && typeof value.code === 'string') {
      return value.details === undefined
        ? { error: value.error, code: value.code }
        : { error: value.error, code: value.code, details: value.details }
    }
  } catch {
    // Not JSON: the caller reports the status instead.
  }
  return undefined
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}
