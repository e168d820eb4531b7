/**
 * Neon's size limits for SQL over HTTP, enforced here so that a query that would fail on Neon
 * fails locally too, instead of passing every test and breaking in production.
 *
 * - Neon's changelog of 2023-08-16 (https://neon.com/docs/changelog/2023-08-16): "The maximum
 *   response size for queries over HTTP was raised from 1 MB to 10 MB."
 * - Neon's proxy (neondatabase/neon, proxy/src/binary/proxy.rs): `sql_over_http_max_request_size_bytes`
 *   and `sql_over_http_max_response_size_bytes` both default to 10 * 1024 * 1024 (10 MiB).
 * - proxy/src/serverless/sql_over_http.rs: a body over the limit is 413 Payload Too Large; rows
 *   are counted as they are serialised and, past the limit, the answer is 507 Insufficient
 *   Storage with `{"message": "response is too large (max is N bytes)"}`, which the driver
 *   reports as "Server error (HTTP status 507): ...".
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024

/** See {@link MAX_REQUEST_BYTES}: the serialised rows of one /sql answer (all of a batch's). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024

/** Thrown when a /sql answer would be larger than Neon sends; the proxy answers 507. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError'
  readonly limit: number

  constructor(limit: number) {
    super(`response is too large (max is ${limit} bytes)`)
    this.limit = limit
  }
}

/**
 * Counts the bytes of rows as they arrive, so a huge result is refused before it is all held in
 * memory (Neon does the same: "we don't have a streaming response support yet so this is to
 * prevent OOM from a malicious query (eg a cross join)").
 */
export class ResponseBudget {
  #left: number
  readonly #limit: number
  #onExceeded: (() => void) | null = null

  constructor(limit = MAX_RESPONSE_BYTES) {
    this.#limit = limit
    this.#left = limit
  }

  /** True once more than the limit was spent. */
  get exceeded(): boolean {
    return this.#left < 0
  }

  /** Called once, the first time the budget is exceeded (to cancel the running query). */
  onExceeded(fn: () => void): void {
    this.#onExceeded = fn
  }

  /** Spends bytes; returns false (and fires onExceeded once) when the budget is gone. */
  spend(bytes: number): boolean {
    const wasExceeded = this.exceeded
    this.#left -= bytes
    if (this.exceeded && !wasExceeded) this.#onExceeded?.()
    return !this.exceeded
  }

  /** The error to answer with once exceeded. */
  error(): ResponseTooLargeError {
    return new ResponseTooLargeError(this.#limit)
  }
}
