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
}
