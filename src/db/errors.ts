/**
 * Telling "the database is unreachable or overloaded" (503, retry later) apart from a bug (500).
 * The Neon driver reports transport failures as NeonDbError without a SQLSTATE, and a non-400
 * HTTP answer as "Server error"; Postgres itself uses classes 08 (connection), 53 (resources)
 * and 57P (operator intervention).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code)) return true
    if (current.name === 'NeonDbError' && code === undefined) return true
    current = current.cause ?? (current as { sourceError?: unknown }).sourceError
  }
  return false
}
