/** What the bench reads about a peer's process and points: CPU per response, peak memory. */
import { readFileSync } from 'node:fs'
import type { PointRecord } from '../lib/load/point.ts'

/** CPU of `target` over `points` ÷ their responses. */
export function cpuPerResponse(points: PointRecord[], target: string): number | undefined {
  const requests = points.reduce((sum, p) => sum + p.requests, 0)
  const cpu = points.reduce((sum, p) => sum + (p.cpuMs[target] ?? 0), 0)
  return requests > 0 && points.every((p) => p.cpuMs[target] !== undefined)
    ? cpu / requests
    : undefined
}

/** Peak resident memory of a process (VmHWM), in MiB; undefined once it is gone. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) / 1024
  } catch {
    return undefined
  }
}
