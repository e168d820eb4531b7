/**
 * Frozen time for tests, derived from the real clock: rows written under a fake date stay close
 * to the real now, so the hourly prune (which deletes by the real clock, on the database every
 * test file shares) never sees them as old, whatever day the suite runs.
 */
import { vi } from 'vitest'

export interface FrozenClock {
  /** The real time when the clock was frozen, on a whole second. */
  start: number
  /** Moves the frozen clock to `seconds` after `start`; returns that time in ms. */
  at(seconds: number): number
}

/** Fakes `Date` only (timers and the database keep running), starting at the real now. */
export function freezeTime(): FrozenClock {
  const start = Math.floor(Date.now() / 1000) * 1000
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(start)
  return {
    start,
    at(seconds) {
      vi.setSystemTime(start + seconds * 1000)
      return start + seconds * 1000
    },
  }
}
