/**
 * Login latency under a steady, moderate load: an open-loop run at half the hash-bound ceiling
 * (the PBKDF2-only worker's throughput, the median over its concurrency levels: one lucky point
 * on a noisy machine must not set the rate). Its p99, next to login's unloaded p50 (one
 * connection, closed loop), says how much queueing a half-busy isolate adds.
 */

import type { PointRecord } from '../lib/load/point.ts'
import { runPoint } from '../lib/load/run-point.ts'
import { serverIdle } from './matrix.ts'
import type { MatrixContext } from './matrix-context.ts'

/** The best 2xx throughput among `points` of `scenario`; 0 when there are none. */
export function bestRps(points: PointRecord[], scenario: string): number {
  return Math.max(0, ...points.filter((p) => p.scenario === scenario).map((p) => p.okRps))
}

/** The median 2xx throughput among `points` of `scenario`; 0 when there are none. */
export function medianRps(points: PointRecord[], scenario: string): number {
  const rates = points.filter((p) => p.scenario === scenario).map((p) => p.okRps)
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0
}

/** Runs login at `fraction` × the PBKDF2 ceiling, with up to `connections` sockets. */
export async function runFixedRateLogin(
  ctx: MatrixContext,
  points: PointRecord[],
  connections: number,
  fraction = 0.5,
): Promise<PointRecord | undefined> {
  const ceiling = medianRps(points, 'pbkdf2')
  if (ceiling <= 0) return undefined
  const rate = Math.max(1, Math.round(ceiling * fraction * 10) / 10)
  const durationMs = Math.max(ctx.durationMs * 2, 2000)
  await serverIdle(ctx)
  const result = await runPoint({
    baseUrl: ctx.urls.main as string,
    source: { kind: 'login', path: '/auth/login', users: ctx.users },
    connections,
    rate,
    warmupMs: ctx.warmupMs,
    durationMs,
    maxRequests: ctx.maxRequests,
    timeoutS: 30,
    cpu: ctx.cpu,
    dbCounter: ctx.dbCounter,
  })
  return { scenario: 'login@rate', group: 'service', connections, mode: 'paced', rate, ...result }
}
