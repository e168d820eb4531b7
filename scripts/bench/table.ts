/** The bench's own tables: ratios against their targets, and where a login's CPU goes. */
import { formatTable } from '../lib/load/points-table.ts'
import type { ProfileResult } from './profile.ts'
import type { Ratio } from './ratios.ts'

export function ratiosTable(ratios: Ratio[]): string {
  const rows = ratios.map((r) => [
    r.name,
    r.value === null ? 'n/a' : r.value.toFixed(r.value < 10 ? 3 : 1),
    r.target,
    r.met === null ? 'not measured' : r.met ? 'met' : 'NOT MET',
    r.detail,
  ])
  return formatTable(['ratio', 'value', 'target', 'result', 'how'], rows, [0, 3, 4])
}

/**
 * Where a login's CPU goes, by area. Samples are wall time on the Worker's thread (time it was
 * descheduled is charged too), so the ms column applies each share to the CPU per login that
 * /proc measured in the load points, when there is one.
 */
export function profileTable(profile: ProfileResult, cpuMsPerLogin?: number): string {
  const ms = (share: number) =>
    cpuMsPerLogin === undefined ? '' : (share * cpuMsPerLogin).toFixed(2)
  const rows = profile.areas
    .filter((a) => a.share >= 0.002)
    .map((a) => [a.area, `${(a.share * 100).toFixed(1)}%`, ms(a.share)])
  const head =
    `Where login's CPU goes (V8 CPU profile of ${profile.requests} logins at ${profile.connections} connections; ` +
    `${profile.droppedMs.toFixed(0)} ms after sampler stalls left out):`
  return `${head}\n${formatTable(['area', 'share', 'CPU ms/login'], rows)}`
}
