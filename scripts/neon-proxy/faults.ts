/** A failure the proxy can be told to simulate (tests only, via setFault or the control endpoint). */
export type Fault =
  /** Destroy every /sql and /v1 connection on arrival. */
  | { kind: 'refuse' }
  /** Delay HTTP answers (and a WebSocket's first backend bytes) by ms. */
  | { kind: 'delay'; ms: number }
  /** HTTP: run the query, then destroy the socket unanswered; WS: destroy after the first frame. */
  | { kind: 'drop' }
  /** HTTP: answer 400 with this Postgres error instead of running the query. */
  | { kind: 'pg-error'; code: string; message: string }

/** Longest delay a fault may ask for, so a typo cannot hang a test run. */
const MAX_DELAY_MS = 120_000

/**
 * Validates a Fault (or null, meaning none) received as JSON; throws an Error that says what is
 * wrong, for a 400 answer.
 */
export function parseFault(value: unknown): Fault | null {
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('fault must be an object or null')
  }
  const v = value as Record<string, unknown>
  switch (v.kind) {
    case 'refuse':
    case 'drop':
      return { kind: v.kind }
    case 'delay':
      if (typeof v.ms !== 'number' || !(v.ms >= 0 && v.ms <= MAX_DELAY_MS)) {
        throw new Error(`delay fault needs ms between 0 and ${MAX_DELAY_MS}`)
      }
      return { kind: 'delay', ms: v.ms }
    case 'pg-error':
      if (typeof v.code !== 'string' || typeof v.message !== 'string') {
        throw new Error('pg-error fault needs string code and message')
      }
      return { kind: 'pg-error', code: v.code, message: v.message }
    default:
      throw new Error('fault kind must be one of refuse, delay, drop, pg-error')
  }
}

/** Resolves after ms, or at once when signal aborts (so close() never waits on a delay). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}
