import pg from 'pg'
import { ResponseTooLargeError } from './limits.ts'
import { LockTimeoutError } from './mutex.ts'
import { RequestError } from './request.ts'

/** Status and JSON body of one answer. */
export interface Answer {
  status: number
  body: unknown
}

/** Fields the driver copies from a 400 body onto its NeonDbError. */
const PG_ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const

/** True for an error Postgres itself reported (as opposed to a socket or timeout failure). */
export function isPgError(err: unknown): err is pg.DatabaseError {
  return err instanceof pg.DatabaseError
}

/** The 400 body for a Postgres error: message plus every field Postgres filled in. */
export function pgErrorBody(err: pg.DatabaseError): Record<string, unknown> {
  const body: Record<string, unknown> = { message: err.message }
  for (const field of PG_ERROR_FIELDS) {
    const value = err[field]
    if (value !== undefined && value !== null) body[field] = value
  }
  return body
}

/**
 * Maps any failure of a /sql request to its answer. Postgres errors are 400 (the driver turns
 * them into a NeonDbError with code etc.); anything else is the proxy's or the network's, which
 * the driver reports as a server error.
 */
export function errorAnswer(err: unknown): Answer {
  if (err instanceof RequestError) return { status: err.status, body: err.body }
  if (isPgError(err)) return { status: 400, body: pgErrorBody(err) }
  // 507 Insufficient Storage, as Neon answers (see limits.ts).
  if (err instanceof ResponseTooLargeError) return { status: 507, body: { message: err.message } }
  if (err instanceof LockTimeoutError) return { status: 503, body: { message: err.message } }
  const message = err instanceof Error ? err.message : String(err)
  if (/timeout/i.test(message)) return { status: 503, body: { message: `database ${message}` } }
  return { status: 503, body: { message: `database connection failed: ${message}` } }
}
