import pg from 'pg'
import type { ResponseBudget } from './limits.ts'

/** One statement as the driver sends it: params are text or null. */
export interface SqlQuery {
  query: string
  params: (string | null)[]
}

/** BEGIN options for a batch, from the Neon-Batch-* headers. */
export interface BatchOptions {
  isolation?: string
  readOnly?: boolean
  deferrable?: boolean
}

/** The shape the Neon driver reads from a 200 answer. */
export interface QueryAnswer {
  command: string
  rowCount: number | null
  rows: unknown[][]
  fields: FieldAnswer[]
  rowAsArray: true
}

interface FieldAnswer {
  name: string
  tableID: number
  columnID: number
  dataTypeID: number
  dataTypeSize: number
  dataTypeModifier: number
  format: string
}

/**
 * Runs one statement with the extended protocol (as Neon does, so a multi-statement string
 * fails the same way it would there), rows as arrays of raw text. Rows are counted against
 * budget as they arrive; once it is spent the query fails with the budget's error (whether the
 * backend finished it or the caller cancelled it).
 */
export function runQuery(
  client: pg.PoolClient,
  q: SqlQuery,
  budget: ResponseBudget,
): Promise<QueryAnswer> {
  return new Promise((resolve, reject) => {
    // A callback, not 'end'/'error' listeners: pg's query_timeout replaces a query's callback,
    // after which its 'error' event never fires.
    const query = new pg.Query(
      {
        text: q.query,
        values: q.params,
        rowMode: 'array',
        queryMode: 'extended',
      } as pg.QueryConfig,
      (err: Error | undefined, result: pg.QueryResult) => {
        if (budget.exceeded) reject(budget.error())
        else if (err) reject(err)
        else resolve(toAnswer(result))
      },
    )
    query.on('row', (row: unknown[], result?: { rows: unknown[] }) => {
      // +1 for the comma between rows in the JSON answer. Past the limit the rows are useless:
      // pg adds each row after this event, so emptying its list keeps memory flat.
      if (!budget.spend(Buffer.byteLength(JSON.stringify(row)) + 1)) result?.rows.splice(0)
    })
    client.query(query)
  })
}

function toAnswer(result: pg.QueryResult): QueryAnswer {
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows as unknown[][],
    fields: result.fields.map((f) => ({
      name: f.name,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeID: f.dataTypeID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: String(f.format),
    })),
    rowAsArray: true,
  }
}

/** The BEGIN statement for a batch's options. */
export function beginStatement(opts: BatchOptions): string {
  const parts = ['BEGIN']
  if (opts.isolation) parts.push(`ISOLATION LEVEL ${opts.isolation}`)
  if (opts.readOnly !== undefined) parts.push(opts.readOnly ? 'READ ONLY' : 'READ WRITE')
  if (opts.deferrable !== undefined) parts.push(opts.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return parts.join(' ')
}

/** Clients left in an unknown transaction state: the caller must discard them. */
const unusable = new WeakSet<pg.PoolClient>()

/** True when runBatch could not roll back on this client, so it must not go back to the pool. */
export function isUnusable(client: pg.PoolClient): boolean {
  return unusable.has(client)
}

/**
 * Runs the queries in one transaction; on any failure rolls back and rethrows that failure.
 * If even the ROLLBACK fails the client is marked unusable (see isUnusable).
 */
export async function runBatch(
  client: pg.PoolClient,
  queries: SqlQuery[],
  opts: BatchOptions,
  budget: ResponseBudget,
): Promise<{ results: QueryAnswer[] }> {
  await client.query(beginStatement(opts))
  const results: QueryAnswer[] = []
  try {
    for (const q of queries) results.push(await runQuery(client, q, budget))
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => unusable.add(client))
    throw err
  }
  return { results }
}
