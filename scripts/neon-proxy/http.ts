import type { IncomingMessage, ServerResponse } from 'node:http'
import { type AccessPolicy, type Refusal, refuseForeign, refuseWithoutSecret } from './access.ts'
import type { Backend } from './backend.ts'
import { errorAnswer } from './errors.ts'
import { executeSql } from './execute.ts'
import { type Fault, parseFault, sleep } from './faults.ts'
import { readJson, send } from './http-io.ts'
import { MAX_REQUEST_BYTES } from './limits.ts'
import type { PgPools } from './pools.ts'
import { parseCredentials, parseSqlRequest, RequestError } from './request.ts'

/** What the HTTP handler needs from the proxy. */
export interface HttpContext {
  backend: Backend
  pools: PgPools
  control: boolean
  log: (line: string) => void
  signal: AbortSignal
  access(): AccessPolicy
  fault(): Fault | null
  setFault(fault: Fault | null): void
  /** What has arrived so far (GET /__stats); the bench reads it around each load point. */
  stats: ProxyStats
}

/**
 * Requests that reached the backend side of the proxy since it started: each POST /sql is one
 * database round trip of the HTTP driver (a batch included); a WebSocket session carries many.
 */
export interface ProxyStats {
  sqlRequests: number
  wsSessions: number
}

/** Handles one HTTP request; never throws (a failure becomes a 500 or a closed socket). */
export function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  route(ctx, req, res).catch((err: unknown) => {
    ctx.log(`http: unexpected failure: ${err instanceof Error ? err.message : String(err)}`)
    if (res.headersSent) res.destroy()
    else send(res, 500, { message: 'internal proxy error' })
  })
}

/**
 * The answer to an HTTP request the proxy will not serve: web pages, foreign Host headers and
 * requests without the secret, on every path (the control endpoint too). Logs one line.
 */
function refusalFor(ctx: HttpContext, req: IncomingMessage, path: string): Refusal | null {
  const policy = ctx.access()
  const refusal = refuseForeign(req.headers, policy) ?? refuseWithoutSecret(req.headers, policy)
  if (refusal) ctx.log(`refused ${req.method} ${path}: ${refusal.reason}`)
  return refusal
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://proxy').pathname
  const refusal = refusalFor(ctx, req, path)
  if (refusal) {
    // close: the body, if any, is not read.
    send(res, refusal.status, refusal.body, { connection: 'close' })
    return
  }
  try {
    if (path === '/sql') await handleSql(ctx, req, res)
    else if (path === '/__stats') send(res, 200, ctx.stats)
    else if (ctx.control && path === '/__control/fault') await handleControl(ctx, req, res)
    else if (path === '/v1' || path === '/v2')
      send(res, 426, { message: 'WebSocket upgrade required' })
    else send(res, 404, { message: `no route for ${path}` })
  } catch (err) {
    const { status, body } = errorAnswer(err)
    send(res, status, body, status === 413 ? { connection: 'close' } : {})
  }
}

async function handleSql(ctx: HttpContext, req: IncomingMessage, res: ServerResponse) {
  const fault = ctx.fault()
  if (fault?.kind === 'refuse') {
    req.socket.destroy()
    return
  }
  if (req.method !== 'POST') {
    send(res, 405, { message: 'use POST' }, { allow: 'POST' })
    return
  }
  ctx.stats.sqlRequests++
  const started = Date.now()
  const sqlReq = parseSqlRequest(await readJson(req, MAX_REQUEST_BYTES), req.headers)
  const creds = parseCredentials(req.headers)
  if (fault?.kind === 'pg-error') {
    send(res, 400, { message: fault.message, code: fault.code, severity: 'ERROR' })
    return
  }
  // The response closes before it finished only when the client went away (aborted fetch,
  // timeout, dead Worker): nobody will read the answer, so the query is cancelled.
  const gone = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) gone.abort()
  })
  const run = { backend: ctx.backend, pools: ctx.pools, log: ctx.log, signal: gone.signal }
  const answer = await executeSql(run, creds, sqlReq)
  const count = sqlReq.kind === 'batch' ? `batch of ${sqlReq.queries.length}` : 'query'
  ctx.log(`POST /sql ${count} -> ${answer.status} in ${Date.now() - started} ms`)
  if (fault?.kind === 'drop') {
    req.socket.destroy()
    return
  }
  if (fault?.kind === 'delay') await sleep(fault.ms, ctx.signal)
  send(res, answer.status, answer.body)
}

async function handleControl(ctx: HttpContext, req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'GET') {
    send(res, 200, { fault: ctx.fault() })
    return
  }
  if (req.method !== 'POST') {
    send(res, 405, { message: 'use GET or POST' }, { allow: 'GET, POST' })
    return
  }
  let fault: Fault | null
  try {
    fault = parseFault(await readJson(req, 64 * 1024))
  } catch (err) {
    if (err instanceof RequestError) throw err
    throw new RequestError(400, err instanceof Error ? err.message : 'bad fault')
  }
  ctx.setFault(fault)
  ctx.log(`fault set: ${JSON.stringify(fault)}`)
  send(res, 200, { fault })
}
