/**
 * Closed-loop load with autocannon: `connections` keep-alive connections, each sending its next
 * request as soon as the previous response arrives. One autocannon run covers warm-up and window
 * so the server is in the same steady state at both ends of the window (requests in flight at
 * its start and at its end roughly cancel out in the CPU per request). A source in two steps
 * (a two-step login) is one flow per connection at a time: the window counts whole flows, from
 * the first request's start to the last answer, or to the answer of the step that failed.
 * The window opens after the warm-up and once every connection has had an answer (at most
 * MAX_STEADY_WAIT_MS later): at 32 connections a hash-bound login's first answers take seconds,
 * and a window opened before them would hold the queue filling up, not the steady state.
 */
import autocannon from 'autocannon'
import type { Flow, RequestSource } from './request-source.ts'
import { type LoadSpec, MAX_STEADY_WAIT_MS } from './spec.ts'
import { Window } from './window.ts'

/** Warm-up, then the window: timers, and what to do with each response in each phase. */
class Phases {
  measuring = false
  /** Set when the window has opened (it may have closed again since). */
  private opened = false
  private warmedUp = false
  /** Answers (whole flows) during the warm-up. */
  private warmupAnswers = 0
  private readonly timers: NodeJS.Timeout[] = []
  private readonly window: Window
  private readonly source: RequestSource
  private readonly spec: LoadSpec
  /** Called once when the window closes before autocannon is done. */
  onClose = () => {}

  constructor(window: Window, source: RequestSource, spec: LoadSpec) {
    this.window = window
    this.source = source
    this.spec = spec
  }

  schedule(onTick: (w: Window, measuring: boolean) => void): void {
    const { warmupMs } = this.spec
    this.timers.push(setInterval(() => onTick(this.window, this.measuring), 1000))
    const warmup = () => {
      this.warmedUp = true
      this.openWhenSteady()
    }
    this.timers.push(setTimeout(warmup, warmupMs))
    this.timers.push(setTimeout(() => this.open(), warmupMs + MAX_STEADY_WAIT_MS))
  }

  private openWhenSteady(): void {
    if (this.warmedUp && this.warmupAnswers >= this.spec.connections) this.open()
  }

  private open(): void {
    if (this.opened) return
    this.opened = true
    this.window.start()
    this.measuring = true
    this.timers.push(setTimeout(() => this.close(), this.spec.durationMs))
  }

  record(status: number, ms: number): void {
    if (!this.opened) {
      this.warmupAnswers++
      this.openWhenSteady()
      return
    }
    if (!this.measuring) return
    // A dry source's last answers are to requests sent without a token: not counted.
    if (this.source.exhausted()) {
      this.window.drained = true
      this.close()
      return
    }
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

/** autocannon's requests: each step asks the source, and a flow's end is recorded. */
function steps(source: RequestSource, phases: Phases) {
  return Array.from({ length: source.steps }, (_, step) => ({
    setupRequest: (request: object, flow: Flow) => {
      const next = source.next(step, flow)
      if (step === 0) flow.startedAt = performance.now()
      // Undefined ends the flow: autocannon starts the connection's next flow at step 0.
      return next && { ...request, ...next }
    },
    onResponse: (status: number, body: string, flow: Flow) => {
      if (source.onResponse(status, body, step, flow) && step < source.steps - 1) return
      phases.record(status, performance.now() - (flow.startedAt as number))
    },
  }))
}

/** Runs warm-up then the window; `onTick` is called every second. */
export function runClosed(
  spec: LoadSpec,
  source: RequestSource,
  onTick: (w: Window, measuring: boolean) => void,
) {
  const window = new Window(spec.maxRequests, spec.cpu, spec.dbCounter)
  const phases = new Phases(window, source, spec)
  return new Promise<Window>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.baseUrl,
        connections: spec.connections,
        // Backstops only: the window's own timer and bound stop the run.
        duration: Math.ceil((spec.warmupMs + MAX_STEADY_WAIT_MS + spec.durationMs) / 1000) + 30,
        maxOverallRequests: spec.maxRequests * 3 * source.steps,
        timeout: spec.timeoutS,
        requests: steps(source, phases),
      },
      (error) => {
        phases.done()
        if (error) reject(error)
        else resolve(window)
      },
    )
    phases.onClose = () => instance.stop()
    instance.on('reqError', () => phases.fail())
    phases.schedule(onTick)
  })
}
