/** Medians over repeated runs, the table that shows them, and hash strength as an attacker's cost. */
import { describe, expect, it } from 'vitest'
import { gpuGuessesPerSecond } from '../../scripts/bench/attacker-cost.ts'
import { computeRatios } from '../../scripts/bench/ratios.ts'
import { combineRuns, median, range, summarize } from '../../scripts/bench/repeats.ts'
import type { PointRecord } from '../../scripts/lib/load/point.ts'
import { pointRow } from '../../scripts/lib/load/points-table.ts'
import { benchPoint } from './fixtures/bench-point.ts'

/** A run whose p99 and CPU follow its throughput, so medians and ranges are easy to read. */
const run = (scenario: string, okRps: number, extra: Partial<PointRecord> = {}) =>
  benchPoint(scenario, okRps, {
    latencyMs: { p50: 10, p90: 12, p99: okRps / 10, max: 30, mean: 11 },
    cpuMs: { workerd: 200 },
    cpuMsPerRequest: { workerd: okRps / 100 },
    dbPerRequest: 2,
    dbRequests: 200,
    ...extra,
  })

describe('median and range', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, undefined])
    expect(range([3, 1, 2])).toEqual({ min: 1, max: 3 })
  })
})

describe('a point over its runs', () => {
  const runs = [run('me', 300), run('me', 100, { statuses: { 200: 90, 500: 10 } }), run('me', 200)]

  it('takes the median of each figure, sums the counts and keeps the range', () => {
    const point = combineRuns(runs)
    expect(point).toMatchObject({ okRps: 200, requests: 300, runs: 3, dbPerRequest: 2 })
    expect(point.latencyMs.p99).toBe(20)
    expect(point.cpuMsPerRequest.workerd).toBe(2)
    expect(point.statuses).toEqual({ 200: 290, 500: 10 })
    expect(point.spread).toMatchObject({ okRps: { min: 100, max: 300 }, p99: { min: 10, max: 30 } })
    expect(pointRow(point)[3]).toBe('200.0 (100.0–300.0)')
  })

  it('leaves a run without answers out of the latency, not out of 2xx/s', () => {
    const empty = run('me', 0, { requests: 0, ok: 0, statuses: {} })
    const point = combineRuns([run('me', 100), run('me', 300), empty])
    expect(point.okRps).toBe(100)
    expect(point.latencyMs.p99).toBe(20)
    expect(point.spread?.p99).toEqual({ min: 10, max: 30 })
  })

  it('groups by scenario, connections and mode, and says when a pool ran dry', () => {
    const points = summarize([...runs, run('me', 50, { connections: 8, stoppedBy: 'drained' })])
    expect(points.map((p) => [p.connections, p.runs])).toEqual([
      [1, 3],
      [8, 1],
    ])
    expect(pointRow(points[1] as PointRecord)[0]).toBe('me (dry)')
  })

  it('judges a target on the median, not the best run', () => {
    const login = summarize([run('login', 95), run('login', 60), run('login', 50)])
    const ceiling = summarize([run('pbkdf2', 100), run('pbkdf2', 100), run('pbkdf2', 100)])
    const bundle = { path: 'x', bytes: 1, gzipBytes: 1 }
    const [ratio] = computeRatios({ points: [...login, ...ceiling], bundle })
    expect(ratio).toMatchObject({ value: 0.6, met: false })
  })
})

describe("an attacker's cost per guess on one RTX 4090", () => {
  it('scales the published hashcat figures to each hash', () => {
    // -m 10900: 8,865.7 kH/s at 1,000 iterations
    expect(gpuGuessesPerSecond({ kind: 'pbkdf2-sha256', iterations: 1000 })).toBe(8_865_700)
    expect(gpuGuessesPerSecond({ kind: 'pbkdf2-sha256', iterations: 600_000 })).toBeCloseTo(
      14_776,
      0,
    )
    // -m 3200: 184.0 kH/s at cost 5; each step doubles the work
    expect(gpuGuessesPerSecond({ kind: 'bcrypt', cost: 10 })).toBe(5750)
    // -m 8900: 7,126 H/s at N=16384, r=8, p=1; r=16 doubles work and memory
    expect(gpuGuessesPerSecond({ kind: 'scrypt', N: 16_384, r: 16, p: 1 })).toBe(3563)
  })
})
