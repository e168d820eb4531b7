/** One measured load point as the bench and the load test record, print and save it. */
import type { PointResult } from './window.ts'

/** Whose endpoint was loaded: the service, a baseline worker, or a peer implementation. */
export type PointGroup = 'service' | 'baseline' | 'peer'

export interface PointRecord extends PointResult {
  scenario: string
  group: PointGroup
  connections: number
  mode: 'closed' | 'paced'
  /** Open-loop rate (req/s), for paced points. */
  rate?: number
  /** Which run of the point this is (the bench runs each `--repeats` times). */
  repeat?: number
  /** A point that sums several runs: how many, and the range of the run figures shown. */
  runs?: number
  spread?: PointSpread
}

/** Lowest and highest of one figure over a point's runs. */
export interface Range {
  min: number
  max: number
}

/** The ranges the bench's table shows beside each median. */
export interface PointSpread {
  okRps: Range
  p99: Range
  cpuMsPerRequest?: Range
  dbPerRequest?: Range
}
