import type { IncomingHttpHeaders } from 'node:http'
import type { Credentials } from './pools.ts'
import type { BatchOptions, SqlQuery } from './sql.ts'

/** A request the proxy refuses before touching the database; answered with status and body. */
export class RequestError extends Error {
  readonly status: number
  readonly body: Record<string, unknown>

  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.status = status
    this.body = { message, ...extra }
  }
}

/** A malformed request: 400 with SQLSTATE 08P01 (protocol_violation), as the driver expects. */
export function badRequest(message: string): RequestError {
  return new RequestError(400, message, { code: '08P01', severity: 'ERROR' })
}

/** What one POST /sql asks for. */
export type SqlRequest =
  | { kind: 'single'; query: SqlQuery }
  | { kind: 'batch'; queries: SqlQuery[]; options: BatchOptions }

/**
 * Reads user and database from the Neon-Connection-String header. Its password, the proxy's
 * secret, was checked before (access.ts) and stays here.
 */
export function parseCredentials(headers: IncomingHttpHeaders): Credentials {
  const raw = headers['neon-connection-string']
  if (typeof raw !== 'string' || raw === '') {
    throw badRequest('missing Neon-Connection-String header')
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw badRequest('Neon-Connection-String is not a valid URL')
  }
  const user = decodeURIComponent(url.username)
  if (!user) throw badRequest('Neon-Connection-String has no user')
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user
  return { user, database }
}

/** Validates the JSON body: {query, params} or {queries: [{query, params}, ...]}. */
export function parseSqlRequest(body: unknown, headers: IncomingHttpHeaders): SqlRequest {
  if (!isObject(body)) throw badRequest('request body must be a JSON object')
  if ('queries' in body) {
    if (!Array.isArray(body.queries)) throw badRequest('"queries" must be an array')
    const queries = body.queries.map((q, i) => parseQuery(q, `queries[${i}]`))
    return { kind: 'batch', queries, options: parseBatchOptions(headers) }
  }
  return { kind: 'single', query: parseQuery(body, 'body') }
}

function parseQuery(value: unknown, where: string): SqlQuery {
  if (!isObject(value)) throw badRequest(`${where} must be an object`)
  if (typeof value.query !== 'string') throw badRequest(`${where}.query must be a string`)
  const params = value.params ?? []
  if (!Array.isArray(params)) throw badRequest(`${where}.params must be an array`)
  return {
    query: value.query,
    params: params.map((p, i) => parseParam(p, `${where}.params[${i}]`)),
  }
}

/** The driver sends strings or null; numbers and booleans are accepted as their text. */
function parseParam(value: unknown, where: string): string | null {
  if (value === null || typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw badRequest(`${where} must be a string or null`)
}

const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
}

function parseBatchOptions(headers: IncomingHttpHeaders): BatchOptions {
  const options: BatchOptions = {}
  const level = headers['neon-batch-isolation-level']
  if (typeof level === 'string') {
    const sql = ISOLATION[level]
    if (!sql) throw badRequest(`unknown Neon-Batch-Isolation-Level: ${level}`)
    options.isolation = sql
  }
  options.readOnly = parseFlag(headers, 'neon-batch-read-only')
  options.deferrable = parseFlag(headers, 'neon-batch-deferrable')
  return options
}

function parseFlag(headers: IncomingHttpHeaders, name: string): boolean | undefined {
  const value = headers[name]
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw badRequest(`${name} must be "true" or "false"`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
