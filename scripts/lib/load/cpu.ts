/**
 * CPU time of processes from the kernel's own accounting, /proc/<pid>/stat (utime + stime, all
 * threads, in clock ticks). Inside a Worker `performance.now()` does not advance while code runs,
 * so CPU per request is measured from outside: the delta over a run ÷ the requests it completed.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** What to sample: one process, or every Postgres server process on the machine. */
export type CpuTarget = { name: string; pid: number } | { name: string; postgres: true }

let ticksPerSecond: number | undefined

/** `getconf CLK_TCK` (100 on Linux almost everywhere). */
export function clockTicks(): number {
  ticksPerSecond ??=
    Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  return ticksPerSecond
}

interface Stat {
  comm: string
  ppid: number
  /** utime + stime */
  own: number
  /** cutime + cstime: children that exited and were waited for. */
  children: number
}

function readStat(pid: number | string): Stat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name is in parentheses and may hold spaces: split after the last ')'.
  const close = text.lastIndexOf(')')
  const fields = text.slice(close + 2).split(' ')
  const num = (i: number) => Number(fields[i] ?? 0)
  return {
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: num(1),
    own: num(11) + num(12),
    children: num(13) + num(14),
  }
}

/** CPU milliseconds used so far by `pid` (all its threads); undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  const stat = readStat(pid)
  return stat && (stat.own * 1000) / clockTicks()
}

/**
 * CPU milliseconds of every `postgres` process: live backends plus, through the postmaster's
 * cutime/cstime, backends that have already exited.
 */
export function postgresCpuMs(): number | undefined {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => ({ pid: Number(pid), stat: readStat(pid) }))
    .filter((p) => p.stat?.comm === 'postgres')
  if (stats.length === 0) return undefined
  const pids = new Set(stats.map((p) => p.pid))
  let ticks = 0
  for (const { stat } of stats) {
    if (!stat) continue
    ticks += stat.own
    if (!pids.has(stat.ppid)) ticks += stat.children
  }
  return (ticks * 1000) / clockTicks()
}

/** Samples every target now. */
export function sampleCpu(targets: CpuTarget[]): Record<string, number | undefined> {
  return Object.fromEntries(
    targets.map((t) => [t.name, 'pid' in t ? processCpuMs(t.pid) : postgresCpuMs()]),
  )
}

/**
 * Waits until `pid` uses under `busyShare` of one core over one `intervalMs`, for at most
 * `maxMs`; answers the ms waited. Requests a closed loop leaves in flight run on after it stops
 * (32 queued PBKDF2 logins are seconds of work), and must not run inside the next point's window.
 */
export async function waitForIdle(
  pid: number,
  { maxMs = 30_000, intervalMs = 250, busyShare = 0.05 } = {},
): Promise<number> {
  const started = performance.now()
  let before = processCpuMs(pid)
  while (before !== undefined && performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    const after = processCpuMs(pid)
    if (after === undefined || after - before < intervalMs * busyShare) break
    before = after
  }
  return performance.now() - started
}
