/**
 * Telling "the database is unreachable, slow or overloaded" (503, retry later) apart from a bug
 * (500). A query that failed without a Postgres SQLSTATE never reached Postgres: the Neon
 * driver's fetch failed or timed out (neon-http), or its WebSocket was refused, dropped or timed
 * out (the ws Pool reports those as an ErrorEvent or "Connection terminated..." errors). Postgres
 * itself signals unavailability with classes 08 (connection), 53 (resources) and 57P (operator
 * intervention); any other SQLSTATE is a bug of ours.
 */
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { causeChain } from '../errors.ts'

const SQLSTATE = /^[0-9A-Z]{5}$/
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/

/** Wrappers of a failed query: drizzle's (its name is plain "Error"), and the Neon HTTP driver's. */
const isQueryError = (link: unknown) =>
  link instanceof DrizzleQueryError || (link instanceof Error && link.name === 'NeonDbError')

export function isDatabaseUnavailable(error: unknown): boolean {
  const chain = causeChain(error)
  const names = chain.map((link) => (link instanceof Error ? link.name : ''))
  if (names.includes('TimeoutError') || names.includes('AbortError')) return true
  const sqlstate = chain
    .map((link) => (link as { code?: unknown }).code)
    .find((code): code is string => typeof code === 'string' && SQLSTATE.test(code))
  if (sqlstate) return UNAVAILABLE_SQLSTATE.test(sqlstate)
  return chain.some(isQueryError)
}
