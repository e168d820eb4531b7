import type net from 'node:net'
import type { WebSocket } from 'ws'
import type { Backend } from './backend.ts'
import { type Fault, sleep } from './faults.ts'
import { SessionTracker } from './pg-stream.ts'
import { SessionLease } from './session-lease.ts'

/** What a pipe needs from the proxy. */
export interface PipeContext {
  backend: Backend
  log: (line: string) => void
  signal: AbortSignal
  /** How long a client may stop in the middle of a message (or of its login) before it is cut. */
  clientTimeoutMs: number
}

/** Pause reading from the database while this much is queued for the WebSocket. */
const HIGH_WATER = 4 * 1024 * 1024

/**
 * A byte pipe between one authenticated WebSocket and its logged-in backend connection. Client
 * bytes pass only as whole messages of the query protocol (see SessionTracker). It holds
 * backend.lease() only while the session is busy (until the server says it is idle outside a
 * transaction), so an idle pooled WebSocket does not lock a single-session backend; for
 * Postgres the lease is free.
 */
export class Pipe {
  readonly #ctx: PipeContext
  readonly #ws: WebSocket
  readonly #tcp: net.Socket
  readonly #fault: Fault | null
  readonly #tracker = new SessionTracker()
  #queue: Buffer[] = []
  readonly #lease: SessionLease
  #closed = false
  #firstServerBytes: Promise<void> | null = null
  #stall: NodeJS.Timeout | undefined
  readonly #onClosed: () => void

  /** Takes over ws and tcp; release is the lease the login was made under. */
  constructor(
    ctx: PipeContext,
    ws: WebSocket,
    tcp: net.Socket,
    opts: { fault: Fault | null; release: () => void; onClosed: () => void },
  ) {
    this.#ctx = ctx
    this.#ws = ws
    this.#tcp = tcp
    this.#fault = opts.fault
    this.#lease = new SessionLease(ctx.backend, opts.release)
    this.#onClosed = opts.onClosed
    tcp.on('data', (chunk: Buffer) => this.#fromServer(chunk))
    tcp.on('drain', () => ws.resume())
    tcp.on('error', (err) => ctx.log(`ws pipe: backend socket: ${err.message}`))
    tcp.on('close', () => this.close(1011, 'database connection closed'))
    ws.on('message', (data: Buffer) => this.#fromClient(data))
    ws.on('close', () => this.close())
  }

  /** Starts the flow with the login's answer for the client and what it sent meanwhile. */
  start(serverBytes: Buffer, clientFrames: Buffer[]): void {
    this.#fromServer(serverBytes)
    for (const frame of clientFrames) this.#fromClient(frame)
    this.#tcp.resume()
  }

  /** Closes both sides once; releases the lease when the backend socket is gone. */
  close(code = 1000, reason = ''): void {
    if (this.#closed) return
    this.#closed = true
    this.#queue = []
    clearTimeout(this.#stall)
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(code, reason)
    else this.#ws.terminate()
    this.#tcp.destroySoon()
    // The lease must outlive the socket: pglite-socket rolls back an abandoned transaction
    // when it sees the close.
    if (this.#tcp.closed) this.#drop()
    else this.#tcp.once('close', () => this.#drop())
  }

  /** Tears both sides down at once (proxy shutdown). */
  destroy(): void {
    this.close(1001, 'proxy shutting down')
    this.#ws.terminate()
    this.#tcp.destroy()
  }

  #drop(): void {
    this.#lease.give()
    this.#onClosed()
  }

  #fromClient(data: Buffer): void {
    if (this.#closed) return
    clearTimeout(this.#stall)
    this.#queue.push(data)
    if (this.#lease.held) this.#flush()
    else this.#acquire()
  }

  #acquire(): void {
    this.#lease.take(
      () => (this.#closed ? this.#lease.give() : this.#flush()),
      (err) => {
        this.#ctx.log(`ws pipe: refused: ${err.message}`)
        this.close(1013, 'database busy')
      },
    )
  }

  #flush(): void {
    for (const data of this.#queue) {
      this.#tracker.client(data)
      if (this.#tracker.broken) {
        // Garbage must not reach the backend: PGlite would spin on it, freezing the proxy.
        this.#ctx.log('ws pipe: client sent bytes that are not the query protocol; closing')
        this.close(1002, 'not the Postgres protocol')
        return
      }
      if (!this.#tcp.write(data)) this.#ws.pause()
    }
    this.#queue = []
    // pglite-socket keeps the connection open after Terminate, and the driver does not always
    // close its WebSocket, so close here, as a Postgres server would.
    if (this.#tracker.terminated) this.close()
    // A half-sent message holds the backend (all of PGlite) until its end arrives: not forever.
    else if (this.#tracker.clientMidMessage) {
      this.#stall = setTimeout(() => {
        this.#ctx.log('ws pipe: client stopped in the middle of a message; closing')
        this.close(1002, 'incomplete message')
      }, this.#ctx.clientTimeoutMs)
    }
  }

  #fromServer(chunk: Buffer): void {
    this.#tracker.server(chunk)
    if (this.#lease.held && this.#tracker.idle && this.#queue.length === 0) this.#lease.give()
    if (this.#fault?.kind === 'delay' && !this.#firstServerBytes) {
      this.#firstServerBytes = sleep(this.#fault.ms, this.#ctx.signal)
    }
    if (this.#firstServerBytes) {
      // Chain every chunk behind the delay so bytes keep their order.
      this.#firstServerBytes = this.#firstServerBytes.then(() => this.#send(chunk))
    } else this.#send(chunk)
  }

  #send(chunk: Buffer): void {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return
    this.#ws.send(chunk, { binary: true }, () => {
      if (this.#ws.bufferedAmount < HIGH_WATER) this.#tcp.resume()
    })
    if (this.#ws.bufferedAmount >= HIGH_WATER) this.#tcp.pause()
  }
}
