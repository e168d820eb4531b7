/**
 * The bench's targets: ratios of figures measured in the same run, each marked met or not. The
 * points given are the medians over each point's runs (repeats.ts), so a target is met only when
 * its median meets it.
 */
import type { PointRecord } from '../lib/load/point.ts'
import type { BundleInfo } from '../lib/workerd/build.ts'
import { bestRps } from './fixed-rate.ts'
import { median } from './repeats.ts'
import type { StartupResult } from './startup.ts'

export interface Ratio {
  name: string
  /** null when the run did not measure both sides. */
  value: number | null
  target: string
  met: boolean | null
  detail: string
}

/** Below this, a hello world's startup profile is under the sampling interval: no usable ratio. */
const PROFILE_RESOLUTION_MS = 5

/** CPU ms per response of `target`: the median over the points of `scenario` (every level). */
export function cpuPerRequest(points: PointRecord[], scenario: string, target: string) {
  const values = points
    .filter((p) => p.scenario === scenario && p.mode === 'closed')
    .map((p) => p.cpuMsPerRequest[target])
  return median(values.filter((v): v is number => v !== undefined))
}

function ratio(
  name: string,
  a: number | undefined,
  b: number | undefined,
  target: { op: '>=' | '<='; value: number; unit?: string },
  detail: string,
): Ratio {
  const value = a !== undefined && b !== undefined && a > 0 && b > 0 ? a / b : null
  const met =
    value === null ? null : target.op === '>=' ? value >= target.value : value <= target.value
  return { name, value, target: `${target.op} ${target.value}${target.unit ?? ''}`, met, detail }
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '?' : n.toFixed(digits))
const best = (points: PointRecord[], s: string) => bestRps(points, s) || undefined

export interface RatioInput {
  points: PointRecord[]
  fixedRate?: PointRecord
  bundle: BundleInfo
  startup?: StartupResult
}

/** Throughput of a service route ÷ the baseline that bounds it, best point of each. */
function throughputRatio(points: PointRecord[], ours: string, base: string, target: number) {
  const [a, b] = [best(points, ours), best(points, base)]
  const label = ours === 'me' ? 'GET /auth/me' : ours
  const names: Record<string, string> = {
    pbkdf2: 'PBKDF2-only ceiling',
    hello: 'hello world',
    query: 'one-query worker',
  }
  return ratio(
    `${label} ÷ ${names[base]}`,
    a,
    b,
    { op: '>=', value: target },
    `best 2xx/s: ${ours} ${fmt(a)}, ${base} ${fmt(b)}`,
  )
}

/** Logins per CPU-second, ours ÷ each peer's (= their CPU per login ÷ ours). */
function peerRatios(points: PointRecord[]): Ratio[] {
  const ours = cpuPerRequest(points, 'login', 'workerd')
  const peers = new Set(points.filter((p) => p.group === 'peer').map((p) => p.scenario))
  return [...peers].map((peer) => {
    const theirs = cpuPerRequest(points, peer, 'peer')
    return ratio(
      `logins per CPU-second: ours ÷ ${peer.replace('peer:', '')}`,
      theirs,
      ours,
      { op: '>=', value: 4 },
      `CPU ms/login: ours ${fmt(ours)} (workerd), theirs ${fmt(theirs)} (node)`,
    )
  })
}

function latencyRatio(points: PointRecord[], fixedRate: PointRecord | undefined): Ratio {
  const unloaded = points.find((p) => p.scenario === 'login' && p.connections === 1)
  const [p99, p50] = [fixedRate?.latencyMs.p99, unloaded?.latencyMs.p50]
  return ratio(
    'login p99 at ½ ceiling rate ÷ unloaded p50',
    p99,
    p50,
    { op: '<=', value: 3 },
    `p99 ${fmt(p99)} ms at ${fmt(fixedRate?.rate)} req/s open loop; p50 ${fmt(p50)} ms at 1 connection`,
  )
}

function bundleRatio(bundle: BundleInfo): Ratio {
  const kib = bundle.gzipBytes / 1024
  const parts = (bundle.composition ?? []).slice(0, 4)
  const made = parts.map((p) => `${p.name} ${(p.share * 100).toFixed(0)}%`).join(', ')
  return ratio(
    'Worker bundle gzip',
    kib,
    1,
    { op: '<=', value: 100, unit: ' KiB' },
    `${fmt(kib)} KiB gzip -9 of ${fmt(bundle.bytes / 1024)} KiB; wrangler says gzip ${fmt(bundle.wrangler?.gzipKiB, 2)} KiB` +
      (made ? `; minified bytes: ${made}` : ''),
  )
}

/** Every ratio the brief asks for; peers' ratios only when peer points are present. */
export function computeRatios({ points, fixedRate, bundle, startup }: RatioInput): Ratio[] {
  return [
    throughputRatio(points, 'login', 'pbkdf2', 0.9),
    throughputRatio(points, 'me', 'hello', 0.8),
    throughputRatio(points, 'refresh', 'query', 0.5),
    ...peerRatios(points),
    latencyRatio(points, fixedRate),
    bundleRatio(bundle),
    ...(startup ? [startupRatio(startup)] : []),
  ]
}

function startupRatio({ profile, firstResponse }: StartupResult): Ratio {
  const usable = profile.helloMs >= PROFILE_RESOLUTION_MS
  const [a, b, how] = usable
    ? [profile.serviceMs, profile.helloMs, 'check startup profile']
    : [firstResponse.serviceMs, firstResponse.helloMs, 'spawn → first response']
  return ratio(
    'startup ÷ hello world',
    a,
    b,
    { op: '<=', value: 2 },
    `judged on ${how}; check startup active ${fmt(profile.serviceMs)} vs ${fmt(profile.helloMs)} ms` +
      `${usable ? '' : ' (hello below the profiler resolution)'}; first response ${fmt(firstResponse.serviceMs)} vs ${fmt(firstResponse.helloMs)} ms`,
  )
}
