/**
 * The bench's load points: every selected scenario at every concurrency level, `repeats` times,
 * each in its own load-generator process, each with the data it needs made just before
 * (plans.ts).
 */

import { waitForIdle } from '../lib/load/cpu.ts'
import type { PointRecord } from '../lib/load/point.ts'
import { type Progress, runPoint } from '../lib/load/run-point.ts'
import type { ScenarioName } from './args.ts'
import type { MatrixContext } from './matrix-context.ts'
import { PLANS } from './plans.ts'

export type { MatrixContext }

/**
 * Run order: each scenario next to the one its ratio compares it with, alternating level by
 * level (hello c=1, me c=1, hello c=8, ...), so that drift on a noisy machine hits both alike.
 */
export const GROUPS: ScenarioName[][] = [
  ['hello', 'me', 'sessions'],
  ['health'],
  ['query', 'refresh', 'verify'],
  ['forgot'],
  ['login-passkey'],
  ['register'],
  ['pbkdf2', 'login', 'login-totp', 'reset'],
]

/** The table's order: groups in turn, then connections. */
export function sortPoints<P extends PointRecord>(points: P[]): P[] {
  const order = GROUPS.flat() as string[]
  const rank = (p: PointRecord) =>
    order.includes(p.scenario) ? order.indexOf(p.scenario) : order.length
  return [...points].sort((a, b) => rank(a) - rank(b) || a.connections - b.connections)
}

export interface MatrixSelection {
  scenarios: ScenarioName[]
  levels: number[]
  repeats: number
}

/** Waits until the workerd serving every point has finished the last point's leftovers. */
export async function serverIdle(ctx: MatrixContext): Promise<void> {
  const workerd = ctx.cpu.find((t) => t.name === 'workerd')
  if (workerd && 'pid' in workerd) await waitForIdle(workerd.pid)
}

/** Every point of one round, in GROUPS order. */
function round({ scenarios, levels }: MatrixSelection) {
  return GROUPS.flatMap((group) =>
    levels.flatMap((connections) =>
      group.filter((s) => scenarios.includes(s)).map((scenario) => ({ scenario, connections })),
    ),
  )
}

/**
 * Runs the selection round after round (a round is every point once), so that each point's
 * runs are minutes apart and a passing disturbance touches one run of it, not all; `report`
 * gets each finished point.
 */
export async function runMatrix(
  ctx: MatrixContext,
  selection: MatrixSelection,
  report: (point: PointRecord) => void,
  progress?: (scenario: string, connections: number, p: Progress) => void,
): Promise<PointRecord[]> {
  const points: PointRecord[] = []
  for (let repeat = 1; repeat <= selection.repeats; repeat++) {
    for (const { scenario, connections } of round(selection)) {
      const plan = PLANS[scenario]
      const source = await plan.source(ctx, connections)
      await serverIdle(ctx)
      const { sourceState, ...result } = await runPoint(
        {
          baseUrl: ctx.urls[plan.target] as string,
          source,
          connections,
          warmupMs: ctx.warmupMs,
          durationMs: ctx.durationMs,
          maxRequests: ctx.maxRequests,
          timeoutS: 30,
          cpu: ctx.cpu,
          dbCounter: plan.target === 'main' || plan.target === 'query' ? ctx.dbCounter : undefined,
        },
        (p) => progress?.(scenario, connections, p),
      )
      if (sourceState?.lastSteps && ctx.extras) ctx.extras.totpSteps = sourceState.lastSteps
      const point: PointRecord = {
        scenario,
        group: plan.group,
        connections,
        mode: 'closed',
        repeat,
        ...result,
      }
      points.push(point)
      report(point)
    }
  }
  return points
}
