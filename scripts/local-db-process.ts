/** Starts scripts/local-db.ts as a child process and waits for its ready line. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { LocalDbReady } from './local-db.ts'

const SCRIPT = fileURLToPath(new URL('./local-db.ts', import.meta.url))

export interface LocalDb extends LocalDbReady {
  child: ChildProcess
  /** Stops the stack (SIGTERM) and waits until the process has exited. */
  stop(): Promise<void>
}

export function startLocalDb(
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<LocalDb> {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error('local database did not start within the timeout'))
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
      reject(new Error(`local database exited with code ${code} before it was ready`))
    })
  })
}
