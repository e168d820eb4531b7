/**
 * The measured part of a load run: responses inside it (statuses, latencies), failures without
 * a response, and the CPU of the target processes and the database requests (the local Neon
 * proxy's count) between its start and its end. Latencies are kept in a preallocated array:
 * the run is bounded in count, so is the memory.
 */
import { type CpuTarget, sampleCpu } from './cpu.ts'
import { type DbCounter, perResponse, readDbRequests } from './db-counter.ts'

export interface LatencySummary {
  p50: number
  p90: number
  p99: number
  max: number
  mean: number
}

export interface PointResult {
  /** Responses of any status inside the window. */
  requests: number
  /** 2xx responses. */
  ok: number
  elapsedMs: number
  /** Responses per second (any status) and 2xx per second. */
  rps: number
  okRps: number
  latencyMs: LatencySummary
  /** Responses by status code, 2xx included. */
  statuses: Record<string, number>
  /** Requests that got no response (connection errors, timeouts). */
  failures: number
  /** CPU milliseconds of each target over the window, and per response. */
  cpuMs: Record<string, number>
  cpuMsPerRequest: Record<string, number>
  /** Requests that reached the local Neon proxy in the window (when it was counted). */
  dbRequests?: number
  /** dbRequests ÷ responses: database round trips per request. */
  dbPerRequest?: number
  /** `drained`: the source ran out of single-use tokens or users before the duration. */
  stoppedBy: 'duration' | 'max-requests' | 'drained'
}

/** `sorted` ascending; nearest-rank percentile. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number
}

export class Window {
  private readonly latencies: Float64Array
  private readonly statuses: Record<string, number> = {}
  private count = 0
  private ok = 0
  private failures = 0
  private startedAt = 0
  private endedAt = 0
  private cpuStart: Record<string, number | undefined> = {}
  private cpuEnd: Record<string, number | undefined> = {}
  private readonly targets: CpuTarget[]
  private readonly counter: DbCounter | undefined
  private dbReadings: Promise<number | undefined>[] = []
  private db: (number | undefined)[] = []
  /** Set when the window has as many responses as it may hold. */
  full = false
  /** Set by the loop when its source had nothing left to send. */
  drained = false

  constructor(maxRequests: number, targets: CpuTarget[], counter?: DbCounter) {
    this.latencies = new Float64Array(maxRequests)
    this.targets = targets
    this.counter = counter
  }

  get size(): number {
    return this.count
  }

  get okCount(): number {
    return this.ok
  }

  start(): void {
    this.cpuStart = sampleCpu(this.targets)
    this.startedAt = performance.now()
    this.readDb()
  }

  end(): void {
    this.cpuEnd = sampleCpu(this.targets)
    this.endedAt = performance.now()
    this.readDb()
  }

  /** The database count is read over HTTP: started at each end, awaited in {@link settle}. */
  private readDb(): void {
    if (this.counter) this.dbReadings.push(readDbRequests(this.counter))
  }

  /** Waits for the database readings; call before {@link result}. */
  async settle(): Promise<void> {
    this.db = await Promise.all(this.dbReadings)
  }

  record(status: number, latencyMs: number): void {
    if (this.full) return
    this.latencies[this.count++] = latencyMs
    this.statuses[status] = (this.statuses[status] ?? 0) + 1
    if (status >= 200 && status < 300) this.ok++
    if (this.count === this.latencies.length) this.full = true
  }

  fail(): void {
    this.failures++
  }

  result(): PointResult {
    const elapsedMs = this.endedAt - this.startedAt
    const sorted = this.latencies.slice(0, this.count).sort()
    const sum = sorted.reduce((a, b) => a + b, 0)
    const cpuMs: Record<string, number> = {}
    const cpuMsPerRequest: Record<string, number> = {}
    for (const { name } of this.targets) {
      const [a, b] = [this.cpuStart[name], this.cpuEnd[name]]
      if (a === undefined || b === undefined) continue
      cpuMs[name] = b - a
      if (this.count > 0) cpuMsPerRequest[name] = (b - a) / this.count
    }
    const [dbStart, dbEnd] = this.db
    const dbPerRequest = perResponse(dbStart, dbEnd, this.count)
    const db =
      dbPerRequest === undefined ? {} : { dbRequests: (dbEnd ?? 0) - (dbStart ?? 0), dbPerRequest }
    return {
      requests: this.count,
      ok: this.ok,
      elapsedMs,
      rps: elapsedMs > 0 ? (this.count * 1000) / elapsedMs : 0,
      okRps: elapsedMs > 0 ? (this.ok * 1000) / elapsedMs : 0,
      latencyMs: {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? 0,
        mean: this.count > 0 ? sum / this.count : 0,
      },
      statuses: { ...this.statuses },
      failures: this.failures,
      cpuMs,
      cpuMsPerRequest,
      ...db,
      stoppedBy: this.full ? 'max-requests' : this.drained ? 'drained' : 'duration',
    }
  }
}
