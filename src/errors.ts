/**
 * The one error vocabulary of the service. The domain throws `AuthError(code)`; the HTTP layer
 * maps the code to a status and the JSON body `{ error, code, details? }` (see DESIGN.md).
 * Messages are for people; codes are stable and for machines.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: 'Validation failed' },
  invalid_json: { status: 400, message: 'Request body is not valid JSON' },
  weak_password: {
    status: 400,
    message: 'This password is too common; choose another one',
  },
  invalid_link: { status: 400, message: 'This link is invalid, already used or expired' },
  invalid_code: { status: 400, message: 'The code is wrong or was already used' },
  passkey_refused: { status: 400, message: 'The passkey could not be registered' },
  invalid_credentials: { status: 401, message: 'Invalid credentials' },
  invalid_token: { status: 401, message: 'Invalid or expired token' },
  csrf: { status: 403, message: 'Cross-site request refused' },
  email_unverified: {
    status: 403,
    message: 'Confirm your email address first: we sent you a link',
  },
  mfa_required: { status: 403, message: 'A second factor is required' },
  not_found: { status: 404, message: 'Not found' },
  method_not_allowed: { status: 405, message: 'Method not allowed' },
  email_taken: { status: 409, message: 'An account with this email already exists' },
  already_enabled: { status: 409, message: 'This is already turned on' },
  payload_too_large: { status: 413, message: 'Request body is too large' },
  unsupported_media_type: { status: 415, message: 'Content-Type must be application/json' },
  rate_limited: { status: 429, message: 'Too many attempts; try again later' },
  misconfigured: { status: 500, message: 'The service is misconfigured' },
  internal: { status: 500, message: 'Internal error' },
  unavailable: { status: 503, message: 'The service is temporarily unavailable' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export interface AuthErrorOptions {
  /** Shown to the client as `details` (never secrets, SQL or driver text). */
  details?: unknown
  /** Overrides the default message for this code. */
  message?: string
  /** Seconds, sent as `Retry-After` on 429 and 503. */
  retryAfter?: number | undefined
  /** What happened, for the request log when it says more than the code (`locked`, `login_failed`). */
  outcome?: string
  cause?: unknown
}

/** An expected failure with a stable code (jose's `code` and better-auth's error codes model). */
export class AuthError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  readonly retryAfter: number | undefined
  readonly outcome: string

  constructor(code: ErrorCode, options: AuthErrorOptions = {}) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause })
    this.name = 'AuthError'
    this.code = code
    this.details = options.details
    this.retryAfter = options.retryAfter
    this.outcome = options.outcome ?? code
  }

  get status(): number {
    return ERRORS[this.code].status
  }
}

/**
 * An error and what it wraps (`cause`, or the Neon driver's `sourceError`), outermost first,
 * at most six deep: for classifying and logging failures without reading their messages.
 */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = []
  let current = error
  while (current !== undefined && current !== null && chain.length < 6) {
    chain.push(current)
    const next = current as { cause?: unknown; sourceError?: unknown }
    current = next.cause ?? next.sourceError
  }
  return chain
}
