/** Plain-text tables for the terminal, and the one the bench and the load test print points in. */
import type { PointRecord, Range } from './point.ts'

/** Pads every cell to its column's widest; `left` lists the left-aligned columns (default: 0). */
export function formatTable(header: string[], rows: string[][], left: number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const num = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits))

/** Non-2xx statuses and failures without a response, e.g. `429:3 fail:1`, or `0`. */
export function errorSummary(p: PointRecord): string {
  const parts = Object.entries(p.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${status}:${count}`)
  if (p.failures > 0) parts.push(`fail:${p.failures}`)
  return parts.join(' ') || '0'
}

const POINT_HEADER = [
  'scenario',
  'conns',
  'req/s',
  '2xx/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'cpu ms/req',
  'db rt/req',
  'proxy',
  'postgres',
]
/** Columns measured on this machine only: CPU from /proc and the local proxy's count. */
const LOCAL_COLUMNS = 4

/** A median with its range over the runs, `12.3 (11.9–13.0)`, when the point has several. */
function withRange(
  value: number | undefined,
  range: Range | undefined,
  p: PointRecord,
  digits = 1,
) {
  if (value === undefined) return ''
  if (!range || (p.runs ?? 1) < 2) return num(value, digits)
  return `${num(value, digits)} (${num(range.min, digits)}–${num(range.max, digits)})`
}

/** One row per point; the CPU column is workerd's (or the peer process's). */
export function pointRow(p: PointRecord): string[] {
  const label = p.mode === 'paced' ? `${p.scenario} (${num(p.rate)}/s)` : p.scenario
  const dry = p.stoppedBy === 'drained' ? ' (dry)' : ''
  const cpu = p.cpuMsPerRequest.workerd ?? p.cpuMsPerRequest.peer
  return [
    `${p.group === 'baseline' ? '[base] ' : ''}${label}${dry}`,
    String(p.connections),
    num(p.rps),
    withRange(p.okRps, p.spread?.okRps, p),
    num(p.latencyMs.p50),
    withRange(p.latencyMs.p99, p.spread?.p99, p),
    errorSummary(p),
    withRange(cpu, p.spread?.cpuMsPerRequest, p, 2),
    num(p.dbPerRequest, 2),
    num(p.cpuMsPerRequest.proxy, 2),
    num(p.cpuMsPerRequest.postgres, 2),
  ]
}

/** Without `cpu` (a remote target), the CPU and round-trip columns are left out. */
export function pointsTable(points: PointRecord[], cpu = true): string {
  const width = cpu ? POINT_HEADER.length : POINT_HEADER.length - LOCAL_COLUMNS
  const rows = points.map((p) => pointRow(p).slice(0, width))
  return formatTable(POINT_HEADER.slice(0, width), rows)
}
