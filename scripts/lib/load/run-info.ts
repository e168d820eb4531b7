/** What a saved result says about its run: the machine the load came from, and when. */
import { readFileSync } from 'node:fs'
import { availableParallelism, release, totalmem } from 'node:os'

export interface MachineInfo {
  cpu: string
  cores: number
  memoryGiB: number
  kernel: string
}

/** This machine: CPU model (from /proc/cpuinfo), cores, memory, kernel. */
export function machineInfo(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
  }
}

/** A file-name-safe UTC timestamp, e.g. 2026-11-27T09-30-00Z. */
export function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
}
