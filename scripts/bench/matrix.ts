/**
 * The bench's load points: every selected scenario at every concurrency level, each in its own
 * load-generator process, each with the data it needs made just before (refresh tokens are
 * single-use, so each refresh point gets a fresh pool).
 */

import type { CpuTarget } from '../lib/load/cpu.ts'
import type { PointGroup, PointRecord } from '../lib/load/point.ts'
import { type Progress, runPoint } from '../lib/load/run-point.ts'
import type { Credentials, SourceSpec } from '../lib/load/scenarios.ts'
import { loginTokens } from '../lib/load/seed.ts'
import type { ScenarioName } from './args.ts'

export interface MatrixContext {
  urls: Record<string, string>
  users: Credentials[]
  /** Access tokens for /auth/me, from logins made once. */
  accessTokens: string[]
  runId: string
  cpu: CpuTarget[]
  warmupMs: number
  durationMs: number
  maxRequests: number
}

interface Plan {
  group: PointGroup
  target: string
  source(ctx: MatrixContext, connections: number): Promise<SourceSpec> | SourceSpec
}

/**
 * Run order: each scenario next to the one its ratio compares it with, alternating level by
 * level (hello c=1, me c=1, hello c=8, ...), so that drift on a noisy machine hits both alike.
 */
export const GROUPS: ScenarioName[][] = [
  ['hello', 'me'],
  ['health'],
  ['query', 'refresh'],
  ['register'],
  ['pbkdf2', 'login'],
]

/** The table's order: groups in turn, then connections. */
export function sortPoints(points: PointRecord[]): PointRecord[] {
  const order = GROUPS.flat() as string[]
  const rank = (p: PointRecord) =>
    order.includes(p.scenario) ? order.indexOf(p.scenario) : order.length
  return [...points].sort((a, b) => rank(a) - rank(b) || a.connections - b.connections)
}

const PLANS: Record<ScenarioName, Plan> = {
  hello: { group: 'baseline', target: 'hello', source: () => ({ kind: 'get', path: '/' }) },
  pbkdf2: { group: 'baseline', target: 'pbkdf2', source: () => ({ kind: 'get', path: '/' }) },
  query: { group: 'baseline', target: 'query', source: () => ({ kind: 'get', path: '/' }) },
  health: { group: 'service', target: 'main', source: () => ({ kind: 'get', path: '/health' }) },
  login: {
    group: 'service',
    target: 'main',
    source: (ctx) => ({ kind: 'login', path: '/auth/login', users: ctx.users }),
  },
  me: {
    group: 'service',
    target: 'main',
    source: (ctx) => ({ kind: 'bearer', path: '/auth/me', tokens: ctx.accessTokens }),
  },
  refresh: {
    group: 'service',
    target: 'main',
    // Twice the connections: a token lost with a cancelled request at the end of warm-up
    // must not leave a connection without one.
    source: async (ctx, connections) => {
      const pairs = await loginTokens(ctx.urls.main as string, ctx.users, connections * 2 + 4)
      return { kind: 'refresh', path: '/auth/refresh', tokens: pairs.map((p) => p.refreshToken) }
    },
  },
  register: {
    group: 'service',
    target: 'main',
    source: (ctx, connections) => ({
      kind: 'register',
      path: '/auth/register',
      emailPrefix: `bench-${ctx.runId}-reg-c${connections}`,
    }),
  },
}

/** Runs `scenarios` × `levels` in GROUPS order; `report` gets each finished point. */
export async function runMatrix(
  ctx: MatrixContext,
  scenarios: ScenarioName[],
  levels: number[],
  report: (point: PointRecord) => void,
  progress?: (scenario: string, connections: number, p: Progress) => void,
): Promise<PointRecord[]> {
  const points: PointRecord[] = []
  const runs = GROUPS.flatMap((group) =>
    levels.flatMap((connections) =>
      group.filter((s) => scenarios.includes(s)).map((scenario) => ({ scenario, connections })),
    ),
  )
  for (const { scenario, connections } of runs) {
    const plan = PLANS[scenario]
    const source = await plan.source(ctx, connections)
    const result = await runPoint(
      {
        baseUrl: ctx.urls[plan.target] as string,
        source,
        connections,
        warmupMs: ctx.warmupMs,
        durationMs: ctx.durationMs,
        maxRequests: ctx.maxRequests,
        timeoutS: 30,
        cpu: ctx.cpu,
      },
      (p) => progress?.(scenario, connections, p),
    )
    const point: PointRecord = {
      scenario,
      group: plan.group,
      connections,
      mode: 'closed',
      ...result,
    }
    points.push(point)
    report(point)
  }
  return points
}
