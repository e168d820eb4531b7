/** Runs one load point in a separate process (the load generator) and returns its result. */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { SourceState } from './request-source.ts'
import { type LoadMessage, type LoadSpec, MAX_STEADY_WAIT_MS } from './spec.ts'
import type { PointResult } from './window.ts'

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url))
/** Beyond warm-up + window, time for in-flight requests to time out and the child to report. */
const GRACE_MS = 15_000

export type Progress = Extract<LoadMessage, { type: 'progress' }>

/** The window's result and, for a source that keeps state across runs, that state. */
export type PointOutcome = PointResult & { sourceState?: SourceState }

/** Forks the generator, sends `spec`, and kills it if it overruns its own time bound. */
export function runPoint(
  spec: LoadSpec,
  onProgress?: (p: Progress) => void,
): Promise<PointOutcome> {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const limitMs =
    spec.warmupMs + MAX_STEADY_WAIT_MS + spec.durationMs + spec.timeoutS * 1000 + GRACE_MS
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn()
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      settle(() => reject(new Error(`load generator overran ${limitMs} ms`)))
    }, limitMs)
    child.on('message', (message: LoadMessage) => {
      if (message.type === 'progress') onProgress?.(message)
      else if (message.type === 'result')
        settle(() =>
          resolve({ ...message.result, ...(message.state && { sourceState: message.state }) }),
        )
      else settle(() => reject(new Error(`load generator: ${message.message}`)))
    })
    child.once('exit', (code) =>
      settle(() => reject(new Error(`load generator exited with code ${code} before reporting`))),
    )
    child.send(spec)
  })
}
