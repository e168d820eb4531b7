import net from 'node:net'
import { MessageReader } from './message-reader.ts'
import { AuthAnswerer, BackendRefusedError } from './password-proofs.ts'
import { message, startupMessage } from './pg-wire.ts'

export { BackendRefusedError } from './password-proofs.ts'

/** Largest message the backend may send before AuthenticationOk (an ErrorResponse at most). */
const MAX_AUTH_MESSAGE = 64 * 1024

/** Where to log in, and with what password (the backend's own; none for trust auth). */
export interface BackendLogin {
  host: string
  port: number
  password: string | undefined
  /** The StartupMessage parameters: the client's user, database, application_name, ... */
  params: ReadonlyMap<string, string>
  timeoutMs: number
}

/** A logged-in backend connection, paused, with what it sent after AuthenticationOk. */
export interface BackendSession {
  socket: net.Socket
  /** The StartupMessage sent, for the session tracker. */
  startup: Buffer
  /** ParameterStatus, BackendKeyData, ReadyForQuery... (whatever arrived with AuthenticationOk). */
  rest: Buffer
}

/**
 * Opens a connection to the backend and logs in as the client's user with the backend's own
 * credentials, answering whichever method it asks for: trust, cleartext, md5 or SCRAM-SHA-256
 * (PostgreSQL docs, "Authentication Methods"). Resolves at AuthenticationOk.
 */
export function openBackendSession(login: BackendLogin): Promise<BackendSession> {
  return new Promise((resolve, reject) => new Login(login, resolve, reject))
}

/** One login in progress: reads the backend's requests and answers them. */
class Login {
  readonly #startup: Buffer
  readonly #socket: net.Socket
  readonly #reader = new MessageReader()
  readonly #timer: NodeJS.Timeout
  readonly #resolve: (session: BackendSession) => void
  readonly #reject: (err: Error) => void
  readonly #answerer: AuthAnswerer
  readonly #onData = (chunk: Buffer): void => this.#read(chunk)
  readonly #onClose = (): void =>
    this.#fail(new Error('backend closed the connection during login'))
  readonly #onError = (err: Error): void => this.#fail(err)

  constructor(
    login: BackendLogin,
    resolve: (session: BackendSession) => void,
    reject: (err: Error) => void,
  ) {
    this.#resolve = resolve
    this.#reject = reject
    this.#startup = startupMessage(login.params)
    this.#answerer = new AuthAnswerer(login.params.get('user') ?? '', login.password)
    this.#timer = setTimeout(
      () => this.#fail(new Error('backend login timed out')),
      login.timeoutMs,
    )
    this.#socket = net.connect({ host: login.host, port: login.port, noDelay: true })
    this.#socket.on('connect', () => this.#socket.write(this.#startup))
    this.#socket.on('data', this.#onData)
    this.#socket.on('close', this.#onClose)
    this.#socket.on('error', this.#onError)
  }

  #fail(err: Error): void {
    clearTimeout(this.#timer)
    this.#socket.destroy()
    this.#reject(err)
  }

  #read(chunk: Buffer): void {
    this.#reader.push(chunk)
    try {
      for (;;) {
        const msg = this.#reader.nextTyped(MAX_AUTH_MESSAGE)
        if (!msg) return
        if (msg.type === 'E') {
          throw new BackendRefusedError('the backend refused the login', message('E', msg.body))
        }
        // NegotiateProtocolVersion and NoticeResponse need no answer.
        if (msg.type === 'v' || msg.type === 'N') continue
        if (msg.type !== 'R') throw new Error(`unexpected ${JSON.stringify(msg.type)} during login`)
        const answer = this.#answerer.answer(msg.body.readInt32BE(0), msg.body.subarray(4))
        if (answer === 'ok') {
          this.#done()
          return
        }
        if (answer) this.#socket.write(message('p', answer))
      }
    } catch (err) {
      this.#fail(err instanceof Error ? err : new Error(String(err)))
    }
  }

  #done(): void {
    clearTimeout(this.#timer)
    // Paused, so no byte is lost before the pipe attaches its own listener.
    this.#socket.pause()
    this.#socket.off('data', this.#onData).off('close', this.#onClose)
    // Never without an 'error' listener (an unhandled one would end the process); the pipe
    // adds its own that logs.
    this.#socket.off('error', this.#onError).on('error', () => {})
    this.#resolve({ socket: this.#socket, startup: this.#startup, rest: this.#reader.rest() })
  }
}
