/** What the load generator's process is asked to do, and what it reports back. */
import type { CpuTarget } from './cpu.ts'
import type { DbCounter } from './db-counter.ts'
import type { SourceState } from './request-source.ts'
import type { SourceSpec } from './scenarios.ts'
import type { PointResult } from './window.ts'

/** The longest a closed loop waits, after its warm-up, for every connection's first answer. */
export const MAX_STEADY_WAIT_MS = 20_000

export interface LoadSpec {
  /** `http://127.0.0.1:port` or a deployed worker's origin. */
  baseUrl: string
  source: SourceSpec
  /** Closed loop: this many connections, each sending its next request on each response. */
  connections: number
  /** Open loop instead: requests start at this fixed rate, evenly spaced (req/s). */
  rate?: number
  warmupMs: number
  durationMs: number
  /** The window ends after this many responses even if `durationMs` has not passed. */
  maxRequests: number
  /** Seconds a request may take before it counts as a failure. */
  timeoutS: number
  cpu: CpuTarget[]
  /** The local Neon proxy's request counter, read when the window opens and closes. */
  dbCounter?: DbCounter
}

export type LoadMessage =
  | {
      type: 'progress'
      phase: 'warmup' | 'measure'
      requests: number
      ok: number
      elapsedMs: number
    }
  | { type: 'result'; result: PointResult; state?: SourceState }
  | { type: 'error'; message: string }
