import net from 'node:net'
import type { WebSocket } from 'ws'
import type { Backend } from './backend.ts'
import type { Fault } from './faults.ts'
import { sleep } from './faults.ts'
import { SessionTracker } from './pg-stream.ts'

/** What a pipe needs from the proxy. */
export interface PipeContext {
  backend: Backend
  log: (line: string) => void
  signal: AbortSignal
}

/** Pause reading from the database while this much is queued for the WebSocket. */
const HIGH_WATER = 4 * 1024 * 1024

/**
 * A byte pipe between one WebSocket and one TCP connection to the backend. It holds
 * backend.lease() only while the session is busy (from the first client bytes until the server
 * says it is idle outside a transaction), so an idle pooled WebSocket does not lock a
 * single-session backend; for Postgres the lease is free.
 */
export class Pipe {
  readonly #ctx: PipeContext
  readonly #ws: WebSocket
  readonly #tcp: net.Socket
  readonly #fault: Fault | null
  readonly #tracker = new SessionTracker()
  #queue: Buffer[] = []
  #release: (() => void) | null = null
  #acquiring = false
  #closed = false
  #firstServerBytes: Promise<void> | null = null
  readonly #onClosed: () => void

  constructor(ctx: PipeContext, ws: WebSocket, fault: Fault | null, onClosed: () => void) {
    this.#ctx = ctx
    this.#ws = ws
    this.#fault = fault
    this.#onClosed = onClosed
    this.#tcp = net.connect({ host: ctx.backend.host, port: ctx.backend.port, noDelay: true })
    this.#tcp.on('data', (chunk: Buffer) => this.#fromServer(chunk))
    this.#tcp.on('drain', () => this.#ws.resume())
    this.#tcp.on('error', (err) => this.#ctx.log(`ws pipe: backend socket: ${err.message}`))
    this.#tcp.on('close', () => this.close(1011, 'database connection closed'))
    ws.on('message', (data: Buffer) => this.#fromClient(data))
    ws.on('error', (err) => this.#ctx.log(`ws pipe: websocket: ${err.message}`))
    ws.on('close', () => this.close())
  }

  /** Closes both sides once; releases the lease when the backend socket is gone. */
  close(code = 1000, reason = ''): void {
    if (this.#closed) return
    this.#closed = true
    this.#queue = []
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
    this.#release?.()
    this.#release = null
    this.#onClosed()
  }

  #fromClient(data: Buffer): void {
    if (this.#closed) return
    if (this.#fault?.kind === 'drop') {
      this.destroy()
      return
    }
    this.#queue.push(data)
    if (this.#release) this.#flush()
    else this.#acquire()
  }

  #acquire(): void {
    if (this.#acquiring) return
    this.#acquiring = true
    this.#ctx.backend.lease().then(
      (release) => {
        this.#acquiring = false
        if (this.#closed) return release()
        this.#release = release
        this.#flush()
      },
      (err: Error) => {
        this.#acquiring = false
        this.#ctx.log(`ws pipe: refused: ${err.message}`)
        this.close(1013, 'database busy')
      },
    )
  }

  #flush(): void {
    for (const data of this.#queue) {
      this.#tracker.client(data)
      if (this.#tracker.broken) {
        // Garbage must not reach pglite-socket, which would hand it to the one shared session.
        this.#ctx.log('ws pipe: client sent bytes that are not the Postgres protocol; closing')
        this.close(1002, 'not the Postgres protocol')
        return
      }
      if (!this.#tcp.write(data)) this.#ws.pause()
    }
    this.#queue = []
    // pglite-socket keeps the connection open after Terminate, and the driver does not always
    // close its WebSocket (it may close before its coalesced Terminate frame is even sent), so
    // close here, as a Postgres server would.
    if (this.#tracker.terminated) this.close()
  }

  #fromServer(chunk: Buffer): void {
    this.#tracker.server(chunk)
    if (this.#release && this.#tracker.idle && this.#queue.length === 0) {
      this.#release()
      this.#release = null
    }
    const fault = this.#fault
    if (fault?.kind === 'delay' && !this.#firstServerBytes) {
      this.#firstServerBytes = sleep(fault.ms, this.#ctx.signal)
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
