/**
 * Figures that hold: every load point runs `--repeats` times and is reported as one point whose
 * figures are the medians over its runs (counts are summed), with the range of the ones the
 * table shows. The targets are judged on these medians, so one lucky or unlucky run decides
 * nothing.
 */
import type { PointRecord, Range } from '../lib/load/point.ts'

/** The middle value, or the mean of the two middle ones; undefined for none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] as number
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2
}

/** Lowest and highest; undefined for none. */
export function range(values: number[]): Range | undefined {
  return values.length === 0 ? undefined : { min: Math.min(...values), max: Math.max(...values) }
}

const numbers = (values: (number | undefined)[]) =>
  values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))

/** The CPU figure the table shows: workerd's, or a peer process's. */
export const shownCpu = (p: PointRecord) => p.cpuMsPerRequest.workerd ?? p.cpuMsPerRequest.peer

/** Per key, `pick` over the runs that have it. */
function byKey(runs: Record<string, number>[], pick: (values: number[]) => number | undefined) {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)))
  const out: Record<string, number> = {}
  for (const key of keys) {
    const value = pick(numbers(runs.map((r) => r[key])))
    if (value !== undefined) out[key] = value
  }
  return out
}

const total = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** One point from the runs of the same scenario, connections and mode. */
export function combineRuns(runs: PointRecord[]): PointRecord {
  const { repeat: _, ...first } = runs[0] as PointRecord
  const med = (pick: (p: PointRecord) => number | undefined, of = runs) =>
    median(numbers(of.map(pick))) ?? 0
  const spread = (pick: (p: PointRecord) => number | undefined, of = runs) =>
    range(numbers(of.map(pick)))
  // A run that got no answer in its window has no latency: it counts in 2xx/s (as 0) only.
  const answered = runs.filter((p) => p.requests > 0)
  const dbPerRequest = median(numbers(runs.map((p) => p.dbPerRequest)))
  const stops = runs.map((p) => p.stoppedBy)
  return {
    ...first,
    requests: total(runs.map((p) => p.requests)),
    ok: total(runs.map((p) => p.ok)),
    elapsedMs: total(runs.map((p) => p.elapsedMs)),
    rps: med((p) => p.rps),
    okRps: med((p) => p.okRps),
    latencyMs: {
      p50: med((p) => p.latencyMs.p50, answered),
      p90: med((p) => p.latencyMs.p90, answered),
      p99: med((p) => p.latencyMs.p99, answered),
      max: Math.max(...runs.map((p) => p.latencyMs.max)),
      mean: med((p) => p.latencyMs.mean, answered),
    },
    statuses: byKey(
      runs.map((p) => p.statuses),
      total,
    ),
    failures: total(runs.map((p) => p.failures)),
    cpuMs: byKey(
      runs.map((p) => p.cpuMs),
      total,
    ),
    cpuMsPerRequest: byKey(
      runs.map((p) => p.cpuMsPerRequest),
      median,
    ),
    ...(dbPerRequest !== undefined && {
      dbRequests: total(numbers(runs.map((p) => p.dbRequests))),
      dbPerRequest,
    }),
    ...(first.rate !== undefined && { rate: med((p) => p.rate) }),
    stoppedBy: stops.includes('drained') ? 'drained' : (stops[0] ?? 'duration'),
    runs: runs.length,
    spread: {
      okRps: spread((p) => p.okRps) ?? { min: 0, max: 0 },
      p99: spread((p) => p.latencyMs.p99, answered) ?? { min: 0, max: 0 },
      cpuMsPerRequest: spread(shownCpu),
      dbPerRequest: spread((p) => p.dbPerRequest),
    },
  }
}

/** One point per scenario, connections and mode, in the order each first appears. */
export function summarize(points: PointRecord[]): PointRecord[] {
  const groups = new Map<string, PointRecord[]>()
  for (const p of points) {
    const key = `${p.scenario}|${p.connections}|${p.mode}`
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  return [...groups.values()].map(combineRuns)
}
