/**
 * Closed-loop load with autocannon: `connections` keep-alive connections, each sending its next
 * request as soon as the previous response arrives. One autocannon run covers warm-up and window
 * so the server is in the same steady state at both ends of the window (requests in flight at
 * its start and at its end roughly cancel out in the CPU per request).
 */
import autocannon from 'autocannon'
import { createRequestSource } from './scenarios.ts'
import type { LoadSpec } from './spec.ts'
import { Window } from './window.ts'

/** Warm-up, then the window: timers, and what to do with each response in each phase. */
class Phases {
  measuring = false
  private readonly timers: NodeJS.Timeout[] = []
  private readonly window: Window
  /** Called once when the window closes before autocannon is done. */
  onClose = () => {}

  constructor(window: Window) {
    this.window = window
  }

  schedule(spec: LoadSpec, onTick: (w: Window, measuring: boolean) => void): void {
    this.timers.push(setInterval(() => onTick(this.window, this.measuring), 1000))
    const warmup = setTimeout(() => {
      this.window.start()
      this.measuring = true
      this.timers.push(setTimeout(() => this.close(), spec.durationMs))
    }, spec.warmupMs)
    this.timers.push(warmup)
  }

  record(status: number, ms: number): void {
    if (!this.measuring) return
    this.window.record(status, ms)
    if (this.window.full) this.close()
  }

  fail(): void {
    if (this.measuring) this.window.fail()
  }

  /** Ends the window (once) and asks autocannon to stop. */
  close(): void {
    if (!this.measuring) return
    this.window.end()
    this.measuring = false
    this.onClose()
  }

  /** autocannon is done: clear the timers; end the window if it is still open. */
  done(): void {
    for (const timer of this.timers) clearTimeout(timer)
    if (this.measuring) this.window.end()
    this.measuring = false
  }
}

/** Runs warm-up then the window; `onTick` is called every second. */
export function runClosed(spec: LoadSpec, onTick: (w: Window, measuring: boolean) => void) {
  const source = createRequestSource(spec.source)
  const window = new Window(spec.maxRequests, spec.cpu)
  const phases = new Phases(window)
  return new Promise<Window>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.baseUrl,
        connections: spec.connections,
        // Backstops only: the window's own timer and bound stop the run.
        duration: Math.ceil((spec.warmupMs + spec.durationMs) / 1000) + 30,
        maxOverallRequests: spec.maxRequests * 3,
        timeout: spec.timeoutS,
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...source.next() }),
            onResponse: (status, body) => source.onResponse(status, body),
          },
        ],
      },
      (error) => {
        phases.done()
        if (error) reject(error)
        else resolve(window)
      },
    )
    phases.onClose = () => instance.stop()
    instance.on('response', (_client, status, _bytes, ms) => phases.record(status, ms))
    instance.on('reqError', () => phases.fail())
    phases.schedule(spec, onTick)
  })
}
