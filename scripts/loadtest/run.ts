/**
 * The load test's points: each scenario at each connection level (or at the fixed rate), its
 * data made just before (tokens by logging in), a live progress line on stderr.
 */
import type { PointRecord } from '../lib/load/point.ts'
import { pointRow } from '../lib/load/points-table.ts'
import { type Progress, runPoint } from '../lib/load/run-point.ts'
import type { Credentials, SourceSpec } from '../lib/load/scenarios.ts'
import { loginTokens } from '../lib/load/seed.ts'
import type { LoadtestOptions, LoadtestScenario } from './args.ts'

const PATHS: Record<LoadtestScenario, string> = {
  login: '/auth/login',
  me: '/auth/me',
  refresh: '/auth/refresh',
  register: '/auth/register',
  health: '/health',
}

async function sourceFor(
  scenario: LoadtestScenario,
  options: LoadtestOptions,
  users: Credentials[],
  connections: number,
): Promise<SourceSpec> {
  const path = PATHS[scenario]
  switch (scenario) {
    case 'login':
      return { kind: 'login', path, users }
    case 'me': {
      const pairs = await loginTokens(options.url, users, Math.min(users.length, 16))
      return { kind: 'bearer', path, tokens: pairs.map((p) => p.token) }
    }
    case 'refresh': {
      const pairs = await loginTokens(options.url, users, connections * 2 + 4)
      return { kind: 'refresh', path, tokens: pairs.map((p) => p.refreshToken) }
    }
    case 'register':
      return { kind: 'register', path, emailPrefix: `lt${Date.now().toString(36)}-c${connections}` }
    case 'health':
      return { kind: 'get', path }
  }
}

function showProgress(label: string, p: Progress): void {
  if (!process.stderr.isTTY) return
  const seconds = (p.elapsedMs / 1000).toFixed(0)
  process.stderr.write(
    `\r\x1b[K${label}: ${p.phase} ${seconds} s, ${p.requests} responses, ${p.ok} 2xx`,
  )
}

/** Every scenario × level (or × the rate); prints a line per finished point. */
export async function runLoadtest(
  options: LoadtestOptions,
  users: Credentials[],
): Promise<PointRecord[]> {
  const points: PointRecord[] = []
  const levels = options.rate ? [Math.max(...options.connections)] : options.connections
  for (const scenario of options.scenarios) {
    for (const connections of levels) {
      const source = await sourceFor(scenario, options, users, connections)
      const label = options.rate
        ? `${scenario} @ ${options.rate}/s`
        : `${scenario} c=${connections}`
      const result = await runPoint(
        {
          baseUrl: options.url,
          source,
          connections,
          rate: options.rate,
          warmupMs: options.warmupS * 1000,
          durationMs: options.durationS * 1000,
          maxRequests: options.maxRequests,
          timeoutS: options.timeoutS,
          cpu: [],
        },
        (p) => showProgress(label, p),
      )
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
      const mode = options.rate ? 'paced' : 'closed'
      const point: PointRecord = {
        scenario,
        group: 'service',
        connections,
        mode,
        rate: options.rate,
        ...result,
      }
      process.stderr.write(`  ${pointRow(point).slice(0, 7).join('  ')}\n`)
      points.push(point)
    }
  }
  return points
}
