/** What the load test prints under its table: 429s explained, and the hash-bound ceiling. */
import { existsSync } from 'node:fs'
import type { PointRecord } from '../lib/load/point.ts'
import { type RateLimitConfig, readWorkerConfig } from '../lib/workerd/wrangler-config.ts'
import type { Ceiling } from './ceiling.ts'

/** wrangler.toml's rate limits, top level and `[env.loadtest]`, when the file is here. */
export function configuredLimits(): { top: RateLimitConfig[]; loadtest?: RateLimitConfig[] } {
  if (!existsSync('wrangler.toml')) return { top: [] }
  const top = readWorkerConfig('wrangler.toml').ratelimits
  try {
    return { top, loadtest: readWorkerConfig('wrangler.toml', 'loadtest').ratelimits }
  } catch {
    return { top }
  }
}

const describe = (limits: RateLimitConfig[]) =>
  limits.map((l) => `${l.name} ${l.limit} per ${l.period} s`).join(', ') || 'none declared'

/** Counts 429s and says where they come from and how to raise the limits for a load test. */
export function rateLimitReport(points: PointRecord[]): { count429: number; lines: string[] } {
  const count429 = points.reduce((sum, p) => sum + (p.statuses['429'] ?? 0), 0)
  const limits = configuredLimits()
  const lines = [
    `429 responses: ${count429}. They are the service refusing on purpose, not failures:`,
    `  - per client IP on login, register, refresh and password change: the Workers Rate Limiting binding from wrangler.toml [[ratelimits]] (here: ${describe(limits.top)}). A load test from one machine is one IP, so it meets this limit first.`,
    '  - per account on login: repeated attempts lock the account for a while (in the database); many users (--create-users) keep any one account quiet.',
    `  To load-test beyond them, deploy a load-test environment whose binding allows more (${limits.loadtest ? `[env.loadtest] has: ${describe(limits.loadtest)}` : 'wrangler.toml has no [env.loadtest] yet'}):`,
    '      [env.loadtest]',
    '      name = "edge-auth-loadtest"',
    '      vars = { ... }                  # vars are not inherited: repeat them',
    '      [[env.loadtest.ratelimits]]',
    '      name = "AUTH_RATE_LIMITER"',
    '      namespace_id = "1002"           # its own counters',
    '      simple = { limit = 100000, period = 60 }',
    '    then `npx wrangler deploy --env loadtest` and point --url at it. Never a bypass header: anyone could send it.',
  ]
  return { count429, lines }
}

/** The ceiling next to the best login throughput observed. */
export function ceilingLines(ceiling: Ceiling, points: PointRecord[]): string[] {
  const best = Math.max(0, ...points.filter((p) => p.scenario === 'login').map((p) => p.okRps))
  const lines = [
    `Hash-bound ceiling: logins/s ≈ (CPU available) ÷ (CPU per PBKDF2 run) = cores ÷ ${ceiling.cpuMsPerHash.toFixed(1)} ms ` +
      `(${ceiling.source}: ${ceiling.detail}), i.e. ≈ ${ceiling.loginsPerSecondPerCore.toFixed(0)} logins/s per fully busy isolate (one thread each).`,
  ]
  if (best > 0)
    lines.push(
      `  Observed best: ${best.toFixed(1)} logins/s ≈ ${(best / ceiling.loginsPerSecondPerCore).toFixed(2)} isolate-cores of PBKDF2 (Cloudflare spreads load over isolates and machines; per-request CPU is also capped by the plan's CPU limit).`,
    )
  return lines
}
