/** Starts scripts/local-db.ts as a child process and waits for its ready line. */
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitForLine } from './lib/child-process/ready.ts'
import { spawnChild } from './lib/child-process/spawn.ts'
import type { LocalDbReady } from './local-db.ts'

const SCRIPT = fileURLToPath(new URL('./local-db.ts', import.meta.url))
/** Dropping a scratch database and closing PGlite take a moment; past this, SIGKILL. */
const STOP_GRACE_MS = 20_000

export interface LocalDb extends LocalDbReady {
  child: ChildProcess
  /** Stops the stack (SIGTERM, SIGKILL if it hangs) and waits until the process has exited. */
  stop(): Promise<void>
}

export interface StartOptions {
  timeoutMs?: number
  /** Append the stack's log (stderr) to this file instead of passing it through. */
  logFile?: string
}

/**
 * Spawns the stack with `args` and resolves with its ready line (and a way to stop it). Its
 * stdin stays open: local-db.ts stops when it closes, so the stack ends if this process dies.
 */
export async function startLocalDb(args: string[], options: StartOptions = {}): Promise<LocalDb> {
  const child = spawnChild(process.execPath, [SCRIPT, ...args], {
    name: `local database${options.logFile ? ` (its log: ${options.logFile})` : ''}`,
    stdin: 'pipe',
    stderr: options.logFile ? { file: options.logFile } : 'inherit',
  })
  const ready = await waitForLine(child, options.timeoutMs ?? 60_000, (line) => {
    const parsed = JSON.parse(line) as LocalDbReady
    if (parsed.ready !== true) throw new Error('not a ready line')
    return parsed
  })
  return { ...ready, child: child.process, stop: () => child.stop(STOP_GRACE_MS) }
}
