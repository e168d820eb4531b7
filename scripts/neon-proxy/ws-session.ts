import type { WebSocket } from 'ws'
import { BackendRefusedError, openBackendSession } from './backend-auth.ts'
import { ClientHandshake } from './client-handshake.ts'
import type { Fault } from './faults.ts'
import { AUTH_OK, authRequest, errorResponse } from './pg-wire.ts'
import { Pipe, type PipeContext } from './pipe.ts'

/** What a WebSocket session needs from the proxy. */
export interface SessionContext extends PipeContext {
  /** The password every client must present. */
  secret(): string
}

/**
 * One WebSocket from accept to close. First the proxy plays the server's side of the login
 * (ClientHandshake: the client's password must be the secret), then logs in to the backend
 * with the backend's own credentials, and only then pipes bytes (Pipe). Until the password
 * check passes, nothing the client sends reaches the database.
 */
export class WsSession {
  readonly #ctx: SessionContext
  readonly #ws: WebSocket
  readonly #fault: Fault | null
  readonly #onClosed: () => void
  readonly #handshake: ClientHandshake
  readonly #timer: NodeJS.Timeout
  /** Frames that arrive while the proxy logs in to the backend. */
  #pending: Buffer[] | null = null
  #pipe: Pipe | null = null
  #closed = false
  readonly #onMessage = (data: Buffer): void => this.#fromClient(data)

  constructor(ctx: SessionContext, ws: WebSocket, fault: Fault | null, onClosed: () => void) {
    this.#ctx = ctx
    this.#ws = ws
    this.#fault = fault
    this.#onClosed = onClosed
    this.#handshake = new ClientHandshake(ctx.secret(), (bytes) => ws.send(bytes))
    this.#timer = setTimeout(
      () =>
        this.#refuse('login timed out', errorResponse('FATAL', '08006', 'login timed out'), 1002),
      ctx.clientTimeoutMs,
    )
    ws.on('message', this.#onMessage)
    ws.on('error', (err) => ctx.log(`ws session: websocket: ${err.message}`))
    ws.on('close', () => this.#end())
  }

  /** Tears the session down at once (proxy shutdown). */
  destroy(): void {
    if (this.#pipe) {
      this.#pipe.destroy()
      return
    }
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(1001, 'proxy shutting down')
    this.#ws.terminate()
    this.#end()
  }

  #fromClient(data: Buffer): void {
    if (this.#closed) return
    if (this.#fault?.kind === 'drop') {
      this.destroy()
      return
    }
    if (this.#pending) {
      this.#pending.push(data)
      return
    }
    const result = this.#handshake.feed(data)
    if (!result) return
    if (!result.ok) {
      this.#refuse(result.reason, result.error, result.closeCode)
      return
    }
    clearTimeout(this.#timer)
    this.#pending = result.rest.length > 0 ? [result.rest] : []
    this.#login(result.params).catch((err: unknown) => {
      const text = err instanceof Error ? err.message : String(err)
      const response = err instanceof BackendRefusedError ? err.response : null
      this.#ctx.log(`ws session: backend login failed: ${text}`)
      this.#refuseAs(response ?? errorResponse('FATAL', '08006', text), 1011)
    })
  }

  async #login(params: Map<string, string>): Promise<void> {
    const { backend } = this.#ctx
    const release = await backend.lease()
    let session: Awaited<ReturnType<typeof openBackendSession>>
    try {
      if (this.#closed) throw new Error('the client went away')
      session = await openBackendSession({
        host: backend.host,
        port: backend.port,
        password: backend.password,
        params,
        timeoutMs: this.#ctx.clientTimeoutMs,
      })
    } catch (err) {
      release()
      throw err
    }
    if (this.#closed) {
      // Released only once the socket is gone, as the pipe does (see Pipe.close).
      session.socket.once('close', release).destroy()
      return
    }
    this.#ws.off('message', this.#onMessage)
    this.#pipe = new Pipe(this.#ctx, this.#ws, session.socket, {
      fault: this.#fault,
      release,
      onClosed: this.#onClosed,
    })
    this.#pipe.start(Buffer.concat([authRequest(AUTH_OK), session.rest]), this.#pending ?? [])
  }

  /** Logs one line, then answers with the ErrorResponse and closes, as Postgres would. */
  #refuse(reason: string, error: Buffer, closeCode: number): void {
    this.#ctx.log(`refused ws: ${reason}`)
    this.#refuseAs(error, closeCode)
  }

  #refuseAs(error: Buffer, closeCode: number): void {
    if (this.#closed) return
    if (this.#ws.readyState === this.#ws.OPEN) {
      this.#ws.send(error)
      this.#ws.close(closeCode)
    } else this.#ws.terminate()
    this.#end()
  }

  /** Marks the session over before a pipe exists (the pipe reports its own end). */
  #end(): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#timer)
    if (!this.#pipe) this.#onClosed()
  }
}
