/** Starts scripts/local-db.ts as a child process and waits for its ready line. */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { LocalDbReady } from './local-db.ts'

const SCRIPT = fileURLToPath(new URL('./local-db.ts', import.meta.url))

export interface LocalDb extends LocalDbReady {
  child: ChildProcess
  /** Stops the stack (SIGTERM) and waits until the process has exited. */
  stop(): Promise<void>
}

export interface StartOptions {
  timeoutMs?: number
  /** Append the stack's log (stderr) to this file instead of passing it through. */
  logFile?: string
}

/** Spawns the stack with `args` and resolves with its ready line (and a way to stop it). */
export function startLocalDb(args: string[], options: StartOptions = {}): Promise<LocalDb> {
  const stderr = options.logFile ? openSync(options.logFile, 'a') : 'inherit'
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', stderr] })
  if (typeof stderr === 'number') closeSync(stderr)
  const seeLog = options.logFile ? ` (its log: ${options.logFile})` : ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`local database did not start within the timeout${seeLog}`))
    }, options.timeoutMs ?? 60_000)
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => {
      clearTimeout(timer)
      try {
        resolve({ ...(JSON.parse(line) as LocalDbReady), child, stop })
      } catch {
        reject(new Error(`unexpected output from local-db: ${line}`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`local database exited with code ${code} before it was ready${seeLog}`))
    })
  })
}
