/**
 * Stopping a child: SIGTERM, then SIGKILL after a bound, done only once it (for a process group:
 * every member) is gone. A group is polled, because its leader's exit does not say that its
 * members are gone (wrangler dev may exit before the workerd it started).
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const KILL_WAIT_MS = 5_000

/** Sends `sig` to the child, or to its whole group; one that is gone already is fine. */
export function signal(child: ChildProcess, sig: NodeJS.Signals, group: boolean): void {
  const { pid, exitCode, signalCode } = child
  if (pid === undefined) return
  try {
    if (group) process.kill(-pid, sig)
    else if (exitCode === null && signalCode === null) child.kill(sig)
  } catch {
    // ESRCH: already gone.
  }
}

/**
 * SIGTERM, SIGKILL after `graceMs`; resolves once nothing is left, throws if even SIGKILL
 * leaves something running. `exited` is the child's own exit (or spawn failure).
 */
export async function stopProcess(
  child: ChildProcess,
  exited: Promise<void>,
  options: { group: boolean; graceMs: number; name: string },
): Promise<void> {
  for (const [sig, waitMs] of [
    ['SIGTERM', options.graceMs],
    ['SIGKILL', KILL_WAIT_MS],
  ] as const) {
    signal(child, sig, options.group)
    if (await gone(child, exited, waitMs, options.group)) return
  }
  throw new Error(`${options.name} (pid ${child.pid}) survived SIGKILL`)
}

/** Whether the child (or every member of its group) is gone within `timeoutMs`. */
async function gone(
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMs: number,
  group: boolean,
): Promise<boolean> {
  const pid = child.pid
  if (pid === undefined) return true
  const deadline = Date.now() + timeoutMs
  if (group) {
    for (; groupAlive(pid); await sleep(100)) if (Date.now() >= deadline) return false
    return true
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const result = await Promise.race([exited.then(() => true as const), late])
  clearTimeout(timer)
  return result
}

/**
 * Whether any member of the group still runs. A zombie does not count: a grandchild that outlived
 * its parent is reaped by PID 1, which in some containers does so only every few seconds.
 */
function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) return signalable(pgid)
  return readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // After the command name in parentheses: state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return Number(pgrp) === pgid && state !== 'Z'
    } catch {
      return false // it exited while we looked
    }
  })
}

function signalable(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
