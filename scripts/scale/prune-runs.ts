/**
 * Runs the service's own prune (src/db/prune.ts) as the hourly cron would, run after run until
 * one finishes, over the Neon driver and the local proxy (which enforces Neon's size limits),
 * timing every statement: the figures that must stay inside DB_TIMEOUT_MS and a cron's limits.
 */
import { neon } from '@neondatabase/serverless'
import { drizzle } from 'drizzle-orm/neon-http'
import type { PruneResult } from '../../src/auth/records.ts'
import { useLocalProxy } from '../../src/db/local-proxy.ts'
import { PRUNE_LIMITS, prune } from '../../src/db/prune.ts'
import type { Database } from '../../src/db/schema.ts'

export interface PruneRun {
  result: PruneResult
  ms: number
  slowestStatementMs: number
}

/** At most this many runs: a prune that never finishes is a finding, not a hang. */
const MAX_RUNS = 50

export async function pruneUntilDone(
  databaseUrl: string,
  maxLockoutSeconds: number,
  log: (line: string) => void,
): Promise<PruneRun[]> {
  useLocalProxy()
  const db = drizzle({ client: neon(databaseUrl) }) as unknown as Database
  let slowest = 0
  const execute = db.execute.bind(db)
  // Times each statement the prune sends (the same object, so prune's own code is unchanged).
  db.execute = (async (query: Parameters<Database['execute']>[0]) => {
    const started = performance.now()
    try {
      return await execute(query)
    } finally {
      slowest = Math.max(slowest, performance.now() - started)
    }
  }) as Database['execute']
  const runs: PruneRun[] = []
  for (let i = 0; i < MAX_RUNS; i++) {
    slowest = 0
    const started = performance.now()
    const result = await prune(db, new Date(), maxLockoutSeconds)
    const run = { result, ms: Math.round(performance.now() - started), slowestStatementMs: 0 }
    run.slowestStatementMs = Math.round(slowest)
    runs.push(run)
    log(`scale: prune run ${i + 1}: ${JSON.stringify(run)}`)
    if (result.complete) break
  }
  return runs
}

export { PRUNE_LIMITS }
