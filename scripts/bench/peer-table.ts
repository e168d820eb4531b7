/**
 * The peers' table: every login implementation the run measured, ours first, with throughput,
 * p99, CPU per login and logins per CPU-second, startup, bundle size and the Workers limits each
 * one exceeds. Node peers get the load figures only (they are not Workers).
 */
import { MAX_PBKDF2_ITERATIONS } from '../../src/auth/pbkdf2-chain.ts'
import type { PointRecord } from '../lib/load/point.ts'
import { formatTable } from '../lib/load/points-table.ts'
import type { BundleInfo } from '../lib/workerd/build.ts'
import { readWorkerConfig } from '../lib/workerd/wrangler-config.ts'
import { checkLimits, type LimitCheck, limitsCell, limitsDetail } from './peer-limits.ts'
import { cpuPerResponse } from './peer-measures.ts'
import type { PeerWorkerSummary } from './peer-workers-run.ts'
import type { StartupResult } from './startup.ts'

/** Ours, as the rest of the run measured it. */
export interface OurLogin {
  hash: string
  /** `wrangler check startup` active ms and spawn → first response ms of the service. */
  startupCpuMs?: number
  firstResponseMs?: number
  gzipBytes: number
}

/** Ours from the run's record: its startup figures, its bundle, its hash from wrangler.toml. */
export function ourLogin(startup: StartupResult | undefined, bundle: BundleInfo): OurLogin {
  const iterations = Number(readWorkerConfig().vars.PASSWORD_ITERATIONS ?? 600_000)
  return {
    hash:
      `PBKDF2-HMAC-SHA256, ${iterations.toLocaleString('en')} iterations as a chain of Web Crypto ` +
      `calls of at most ${MAX_PBKDF2_ITERATIONS.toLocaleString('en')} (src/auth/pbkdf2-chain.ts)`,
    startupCpuMs: startup?.profile.serviceMs,
    firstResponseMs: startup?.firstResponse.serviceMs,
    gzipBytes: bundle.gzipBytes,
  }
}

interface Row {
  name: string
  runtime: string
  points: PointRecord[]
  cpuTarget: string
  startupMs?: number
  firstResponseMs?: number
  gzipBytes?: number
  peakRssMiB?: number
  limits?: LimitCheck[]
}

const num = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits))

function cells(row: Row): string[] {
  const closed = row.points.filter((p) => p.mode === 'closed')
  const byConns = [...closed].sort((a, b) => a.connections - b.connections)
  const best = Math.max(0, ...closed.map((p) => p.okRps))
  const cpu = cpuPerResponse(closed, row.cpuTarget)
  const errors = closed.reduce((sum, p) => sum + (p.requests - p.ok) + p.failures, 0)
  return [
    row.name,
    row.runtime,
    num(best),
    num(byConns[0]?.latencyMs.p99),
    num(byConns.at(-1)?.latencyMs.p99),
    String(errors),
    num(cpu),
    num(cpu && 1000 / cpu),
    num(row.startupMs),
    num(row.firstResponseMs, 0),
    num(row.gzipBytes && row.gzipBytes / 1024, 0),
    num(row.peakRssMiB, 0),
    row.limits ? limitsCell(row.limits) : 'n/a (Node)',
  ]
}

const HEADER = [
  'login',
  'runtime',
  'best 2xx/s',
  'p99 ms c=min',
  'p99 ms c=max',
  'non-2xx',
  'CPU ms/login',
  'logins/CPU-s',
  'startup ms',
  '1st resp ms',
  'gzip KiB',
  'peak RSS MiB',
  'Workers limits exceeded',
]

/** The rows: ours, the workerd peers, then any Node peers in `points`. */
function rows(points: PointRecord[], workers: PeerWorkerSummary[], ours: OurLogin): Row[] {
  const login = points.filter((p) => p.scenario === 'login' && p.group === 'service')
  const ourCpu = cpuPerResponse(
    login.filter((p) => p.mode === 'closed'),
    'workerd',
  )
  const workerNames = new Set(workers.map((w) => `peer:${w.name}`))
  const nodePeers = [...new Set(points.map((p) => p.scenario))].filter(
    (s) => s.startsWith('peer:') && !workerNames.has(s),
  )
  return [
    {
      name: 'ours (edge-auth)',
      runtime: 'workerd',
      points: login,
      cpuTarget: 'workerd',
      startupMs: ours.startupCpuMs,
      firstResponseMs: ours.firstResponseMs,
      gzipBytes: ours.gzipBytes,
      limits: checkLimits({
        cpuMsPerLogin: ourCpu,
        startupCpuMs: ours.startupCpuMs,
        gzipBytes: ours.gzipBytes,
        pbkdf2CallIterations: MAX_PBKDF2_ITERATIONS,
      }),
    },
    ...workers.map((w) => ({
      name: `${w.pkg} ${w.version}`,
      runtime: 'workerd',
      points: points.filter((p) => p.scenario === `peer:${w.name}`),
      cpuTarget: 'peer',
      startupMs: w.startup.checkStartupMs,
      firstResponseMs: w.startup.firstResponseMs,
      gzipBytes: w.bundle.gzipBytes,
      peakRssMiB: w.peakRssMiB,
      limits: w.limits,
    })),
    ...nodePeers.map((scenario) => ({
      name: scenario.replace('peer:', ''),
      runtime: 'node',
      points: points.filter((p) => p.scenario === scenario),
      cpuTarget: 'peer',
    })),
  ]
}

/** The table, then each Worker's limit checks and hash, one line each. */
export function peersTable(
  points: PointRecord[],
  workers: PeerWorkerSummary[],
  ours: OurLogin,
): string {
  const all = rows(points, workers, ours)
  const table = formatTable(HEADER, all.map(cells), [0, 1, 12])
  const details = all
    .filter((r) => r.limits)
    .map((r) => `  ${r.name}: ${limitsDetail(r.limits ?? [])}`)
  const hashes = [`  ours: ${ours.hash}`, ...workers.map((w) => `  ${w.pkg}: ${w.hash}`)]
  return [
    'Logins on one runtime (each peer in its own workerd; CPU from /proc):',
    table,
    'Workers limits, per login implementation on workerd:',
    ...details,
    'Password hashing:',
    ...hashes,
  ].join('\n')
}
