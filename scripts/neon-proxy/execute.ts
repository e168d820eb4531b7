import type pg from 'pg'
import type { Backend } from './backend.ts'
import { type Answer, errorAnswer, isPgError } from './errors.ts'
import type { Credentials, PgPools } from './pools.ts'
import { RequestError, type SqlRequest } from './request.ts'
import { isUnusable, runBatch, runQuery } from './sql.ts'

/**
 * Runs one /sql request against the backend and returns its answer; never throws.
 * Under backend.exclusive() so that a single-session backend sees one request at a time.
 */
export async function executeSql(
  backend: Backend,
  pools: PgPools,
  creds: Credentials,
  req: SqlRequest,
): Promise<Answer> {
  try {
    const body = await backend.exclusive(() => runOnClient(pools, creds, req))
    return { status: 200, body }
  } catch (err) {
    return errorAnswer(err)
  }
}

async function runOnClient(pools: PgPools, creds: Credentials, req: SqlRequest): Promise<unknown> {
  let client: pg.PoolClient
  try {
    client = await pools.connect(creds)
  } catch (err) {
    // Auth failures and unknown databases are Postgres errors the caller should see as such;
    // anything else means the backend cannot be reached.
    if (isPgError(err)) throw err
    throw new RequestError(503, 'database unreachable')
  }
  let discard = false
  // pg-pool listens for errors only on idle clients: a connection that dies while checked out
  // (e.g. killed by pg_terminate_backend) would otherwise crash the proxy with an unhandled
  // 'error' event.
  const onError = (): void => {
    discard = true
  }
  client.on('error', onError)
  try {
    if (req.kind === 'batch') return await runBatch(client, req.queries, req.options)
    const answer = await runQuery(client, req.query)
    discard ||= !(await leaveIdle(client))
    return answer
  } catch (err) {
    // A socket error or timeout leaves the client in an unknown state: never reuse it.
    discard ||= !isPgError(err) || isFatal(err) || isUnusable(client) || !(await leaveIdle(client))
    throw err
  } finally {
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
