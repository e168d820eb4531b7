/** Plain-text tables for the terminal, and the one the bench and the load test print points in. */
import type { PointRecord } from './point.ts'

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
  'proxy',
  'postgres',
]

/** One row per point; the CPU column is workerd's (or the peer process's). */
export function pointRow(p: PointRecord): string[] {
  const label = p.mode === 'paced' ? `${p.scenario} (${num(p.rate)}/s)` : p.scenario
  return [
    `${p.group === 'baseline' ? '[base] ' : ''}${label}`,
    String(p.connections),
    num(p.rps),
    num(p.okRps),
    num(p.latencyMs.p50),
    num(p.latencyMs.p99),
    errorSummary(p),
    num(p.cpuMsPerRequest.workerd ?? p.cpuMsPerRequest.peer, 2),
    num(p.cpuMsPerRequest.proxy, 2),
    num(p.cpuMsPerRequest.postgres, 2),
  ]
}

/** Without `cpu` (a remote target), the three CPU columns are left out. */
export function pointsTable(points: PointRecord[], cpu = true): string {
  const width = cpu ? POINT_HEADER.length : POINT_HEADER.length - 3
  const rows = points.map((p) => pointRow(p).slice(0, width))
  return formatTable(POINT_HEADER.slice(0, width), rows)
}
