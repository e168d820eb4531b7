/** Thrown when a lock could not be had in time; the proxy answers 503 or refuses the WebSocket. */
export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError'
}

interface Waiter {
  grant: (release: () => void) => void
  refuse: (err: Error) => void
  timer: NodeJS.Timeout
}

/**
 * A FIFO lock with a wait timeout, used to give a single-session database (PGlite) to one
 * caller at a time. FIFO so that a busy stream of HTTP queries cannot starve a WebSocket.
 */
export class Mutex {
  #held = false
  #waiters: Waiter[] = []
  #closed = false

  /** Resolves with an idempotent release function, or rejects after timeoutMs. */
  acquire(timeoutMs: number): Promise<() => void> {
    if (this.#closed) return Promise.reject(new LockTimeoutError('database is closed'))
    if (!this.#held) {
      this.#held = true
      return Promise.resolve(this.#releaser())
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        refuse: reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter)
          reject(new LockTimeoutError(`database busy: waited ${timeoutMs} ms for exclusive use`))
        }, timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  /** Rejects every waiter; later acquires fail at once. */
  close(): void {
    this.#closed = true
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer)
      w.refuse(new LockTimeoutError('database is closed'))
    }
  }

  #releaser(): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      const next = this.#waiters.shift()
      if (!next) {
        this.#held = false
        return
      }
      clearTimeout(next.timer)
      next.grant(this.#releaser())
    }
  }
}
