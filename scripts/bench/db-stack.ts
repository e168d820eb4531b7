/**
 * Starts scripts/local-db.ts (the local database stack) like startLocalDb() does, but with its
 * stderr in a log file: its proxy logs one line per SQL request, which under load would flood
 * the bench's output (startLocalDb() passes stderr through to ours).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { LocalDbReady } from '../local-db.ts'

const SCRIPT = fileURLToPath(new URL('../local-db.ts', import.meta.url))

export interface DbStack extends LocalDbReady {
  child: ChildProcess
  /** Stops the stack (SIGTERM: it drops its scratch database) and waits for it to exit. */
  stop(): Promise<void>
}

/** Spawns the stack with `args`, its stderr appended to `logPath`; resolves on its ready line. */
export function startDbStack(
  args: string[],
  logPath: string,
  timeoutMs = 60_000,
): Promise<DbStack> {
  const log = openSync(logPath, 'a')
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', log] })
  closeSync(log)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const failure = (message: string) =>
    new Error(`${message}\n${readFileSync(logPath, 'utf8').slice(-2000)}`)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(failure('local database did not start within the timeout'))
    }, timeoutMs)
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer)
      try {
        resolve({ ...(JSON.parse(line) as LocalDbReady), child, stop })
      } catch {
        reject(failure(`unexpected output from local-db: ${line}`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(failure(`local database exited with code ${code} before it was ready`))
    })
  })
}
