import { isFrontendLength, isFrontendType } from './frontend-rules.ts'

type OnMessage = (type: number, firstByte: number | undefined) => void

/** What a message may be, checked as soon as its type byte and its length arrive. */
interface MessageRules {
  type(type: number): boolean
  length(type: number, length: number): boolean
}

/**
 * Finds message boundaries in one direction of a started Postgres session (typed messages:
 * 1 type byte + int32 length + body) without copying bodies.
 */
class MessageScanner {
  broken = false
  #header: number[] = []
  #remaining = 0
  #type = 0
  #first: number | undefined
  #wantFirst = false
  readonly #onMessage: OnMessage
  readonly #rules: MessageRules | undefined

  constructor(onMessage: OnMessage, rules?: MessageRules) {
    this.#onMessage = onMessage
    this.#rules = rules
  }

  /** True when the stream stops between two messages. */
  get atBoundary(): boolean {
    return this.#header.length === 0 && this.#remaining === 0
  }

  feed(chunk: Uint8Array): void {
    let off = 0
    while (off < chunk.length && !this.broken) {
      if (this.#remaining > 0) {
        const n = Math.min(this.#remaining, chunk.length - off)
        if (this.#wantFirst) this.#first = chunk[off]
        this.#wantFirst = false
        off += n
        this.#remaining -= n
        if (this.#remaining === 0) this.#onMessage(this.#type, this.#first)
        continue
      }
      const byte = chunk[off++] ?? 0
      this.#header.push(byte)
      // A bad type is refused at its first byte, before any of the message is passed on.
      if (this.#header.length === 1 && this.#rules && !this.#rules.type(byte)) this.broken = true
      else if (this.#header.length === 5) this.#startBody()
    }
  }

  #startBody(): void {
    const h = Buffer.from(this.#header)
    this.#header = []
    this.#type = h[0] ?? 0
    const length = h.readInt32BE(1)
    if (length < 4 || (this.#rules && !this.#rules.length(this.#type, length))) {
      this.broken = true
      return
    }
    this.#first = undefined
    this.#wantFirst = true
    this.#remaining = length - 4
    if (this.#remaining === 0) this.#onMessage(this.#type, undefined)
  }
}

/**
 * Follows a client<->server Postgres conversation, from just after the login, to tell when the
 * session is idle: every Query/Sync answered by ReadyForQuery, no half-sent extended-protocol
 * sequence, and the last ReadyForQuery said 'I' (not in a transaction). Only then may a
 * single-session backend be handed to someone else. It also refuses client messages that are
 * not the query protocol (frontend-rules.ts), before they reach the backend.
 */
export class SessionTracker {
  /** The login's own ReadyForQuery is still to come. */
  #pending = 1
  #unsynced = false
  #status: number | undefined
  #terminated = false
  readonly #client = new MessageScanner((t) => this.#onClient(t), {
    type: isFrontendType,
    length: isFrontendLength,
  })
  readonly #server = new MessageScanner((t, b) => this.#onServer(t, b))

  /** Feeds bytes the client sent to the server; check {@link broken} before passing them on. */
  client(chunk: Uint8Array): void {
    this.#client.feed(chunk)
  }

  /** Feeds bytes the server sent to the client. */
  server(chunk: Uint8Array): void {
    this.#server.feed(chunk)
  }

  /** True when either side sent something that is not the Postgres protocol. */
  get broken(): boolean {
    return this.#client.broken || this.#server.broken
  }

  /** True while the client has sent part of a message and not the rest. */
  get clientMidMessage(): boolean {
    return !this.#client.atBoundary
  }

  /** True once the client sent Terminate: Postgres closes the connection then, so must the pipe. */
  get terminated(): boolean {
    return this.#terminated
  }

  /** True when another session may use the backend between this one's transactions. */
  get idle(): boolean {
    if (this.broken) return false
    const quiet = this.#pending === 0 && !this.#unsynced && this.#client.atBoundary
    return quiet && this.#status === 0x49 // 'I'
  }

  #onClient(type: number): void {
    const c = String.fromCharCode(type)
    if (c === 'Q') this.#pending++
    else if (c === 'S') {
      this.#pending++
      this.#unsynced = false
    } else if ('PBDECH'.includes(c)) this.#unsynced = true
    else if (c === 'X') this.#terminated = true
  }

  #onServer(type: number, firstByte: number | undefined): void {
    if (type === 0x5a /* Z */) {
      this.#pending = Math.max(0, this.#pending - 1)
      this.#status = firstByte
    }
  }
}
