import type { Backend } from './backend.ts'

/**
 * backend.lease() as one WebSocket session holds it: taken while the session is busy, given
 * back when it is idle and when its backend socket is gone. For PGlite that is the one session
 * everybody shares; for Postgres leases are free.
 */
export class SessionLease {
  readonly #backend: Backend
  #release: (() => void) | null
  #taking = false

  /** Starts out holding `release`, the lease the login was made under. */
  constructor(backend: Backend, release: () => void) {
    this.#backend = backend
    this.#release = release
  }

  get held(): boolean {
    return this.#release !== null
  }

  /** Takes the lease; then onHeld(), or onRefused(err) when it cannot be had in time. */
  take(onHeld: () => void, onRefused: (err: Error) => void): void {
    if (this.#taking) return
    this.#taking = true
    this.#backend.lease().then(
      (release) => {
        this.#taking = false
        this.#release = release
        onHeld()
      },
      (err: Error) => {
        this.#taking = false
        onRefused(err)
      },
    )
  }

  /** Gives the lease back, if held. */
  give(): void {
    this.#release?.()
    this.#release = null
  }
}
