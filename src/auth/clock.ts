/** Time as a dependency, so tests can freeze it (`vi.setSystemTime` moves the system clock). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
