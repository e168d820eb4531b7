import type pg from 'pg'
import type { Backend } from './backend.ts'
import { cancelKeyOf, sendCancelRequest } from './cancel.ts'
import { type Answer, errorAnswer, isPgError } from './errors.ts'
import { ResponseBudget } from './limits.ts'
import type { Credentials, PgPools } from './pools.ts'
import { RequestError, type SqlRequest } from './request.ts'
import { isUnusable, runBatch, runQuery } from './sql.ts'

/** Where one /sql request runs and what may stop it. */
export interface SqlRun {
  backend: Backend
  pools: PgPools
  log: (line: string) => void
  /** Aborts when the HTTP client goes away before its answer. */
  signal: AbortSignal
}

/**
 * Runs one /sql request against the backend and returns its answer; never throws.
 * Under backend.exclusive() so that a single-session backend sees one request at a time.
 */
export async function executeSql(
  run: SqlRun,
  creds: Credentials,
  req: SqlRequest,
): Promise<Answer> {
  try {
    const body = await run.backend.exclusive(() => runOnClient(run, creds, req))
    return { status: 200, body }
  } catch (err) {
    return errorAnswer(err)
  }
}

async function runOnClient(run: SqlRun, creds: Credentials, req: SqlRequest): Promise<unknown> {
  let client: pg.PoolClient
  try {
    client = await run.pools.connect(creds)
  } catch (err) {
    // Auth failures and unknown databases are Postgres errors the caller should see as such;
    // anything else means the backend cannot be reached.
    if (isPgError(err)) throw err
    throw new RequestError(503, 'database unreachable')
  }
  let discard = false
  const budget = new ResponseBudget()
  // Nobody will read the answer (client gone) or it cannot be sent (too large): stop the query
  // rather than let it run on. The cancel may land after the query ended, on whatever this
  // connection runs next, so the connection is never reused.
  const cancel = (why: string): void => {
    discard = true
    cancelQuery(run, client, why)
  }
  const onAbort = (): void => cancel('the client went away')
  budget.onExceeded(() => cancel('the response is over the size limit'))
  if (run.signal.aborted) {
    client.release()
    throw new Error('the client went away before the query started')
  }
  run.signal.addEventListener('abort', onAbort, { once: true })
  // pg-pool listens for errors only on idle clients: a connection that dies while checked out
  // (e.g. killed by pg_terminate_backend) would otherwise crash the proxy with an unhandled
  // 'error' event.
  const onError = (): void => {
    discard = true
  }
  client.on('error', onError)
  try {
    if (req.kind === 'batch') return await runBatch(client, req.queries, req.options, budget)
    const answer = await runQuery(client, req.query, budget)
    discard ||= !(await leaveIdle(client))
    return answer
  } catch (err) {
    // A socket error or timeout leaves the client in an unknown state: never reuse it.
    discard ||= !isPgError(err) || isFatal(err) || isUnusable(client) || !(await leaveIdle(client))
    throw err
  } finally {
    run.signal.removeEventListener('abort', onAbort)
    client.off('error', onError)
    client.release(discard || undefined)
  }
}

/** FATAL and PANIC end the session: the connection is about to close. */
function isFatal(err: { severity?: string }): boolean {
  return err.severity === 'FATAL' || err.severity === 'PANIC'
}

/**
 * A lone statement such as BEGIN would leave the pooled session inside a transaction for the
 * next, unrelated request; roll it back. Returns false when the client is not reusable.
 */
async function leaveIdle(client: pg.PoolClient): Promise<boolean> {
  const status = (client as unknown as { _txStatus?: string | null })._txStatus
  if (status === undefined || status === null || status === 'I') return true
  try {
    await client.query('ROLLBACK')
    return true
  } catch {
    return false
  }
}

/**
 * Sends a CancelRequest for the client's running query. PGlite cannot be cancelled: its query
 * runs synchronously in this very process (the event loop waits for it) and pglite-socket drops
 * CancelRequests, so there the query simply runs to its end.
 */
function cancelQuery(run: SqlRun, client: pg.PoolClient, why: string): void {
  const key = cancelKeyOf(client)
  if (run.backend.kind !== 'postgres' || !key) {
    run.log(`POST /sql: ${why}; ${run.backend.kind} cannot cancel, the query runs to its end`)
    return
  }
  run.log(`POST /sql: ${why}; cancelling the backend query`)
  void sendCancelRequest(run.backend.host, run.backend.port, key)
}
