/** Protocol version 3.0 in a StartupMessage; the other untyped codes are handshake requests. */
const PROTOCOL_3 = 196608
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104
const CANCEL_REQUEST = 80877102
/** Postgres refuses longer startup packets too (MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP_LENGTH = 10_000
const UNTYPED_CODES = [PROTOCOL_3, SSL_REQUEST, GSSENC_REQUEST, CANCEL_REQUEST]

type OnMessage = (type: number, firstByte: number | undefined) => void

/**
 * Finds message boundaries in one direction of a Postgres stream without copying bodies.
 * Typed messages are 1 type byte + int32 length; untyped (startup) ones are int32 length +
 * int32 code, reported with type 0 and the code's low byte irrelevant (see codeOf).
 */
class MessageScanner {
  untyped: boolean
  /** Raw single bytes to pass over first (answers to SSLRequest/GSSENCRequest). */
  rawBytes = 0
  broken = false
  #header: number[] = []
  #remaining = 0
  #type = 0
  #first: number | undefined
  #wantFirst = false
  readonly #onMessage: OnMessage

  constructor(untyped: boolean, onMessage: OnMessage) {
    this.untyped = untyped
    this.#onMessage = onMessage
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
      } else if (this.rawBytes > 0 && this.#header.length === 0) {
        this.rawBytes--
        this.#onMessage(-1, chunk[off++])
      } else {
        this.#header.push(chunk[off++] ?? 0)
        if (this.#header.length === (this.untyped ? 8 : 5)) this.#startBody()
      }
    }
  }

  #startBody(): void {
    const h = Buffer.from(this.#header)
    this.#header = []
    const length = this.untyped ? h.readInt32BE(0) - 8 : h.readInt32BE(1) - 4
    this.#type = this.untyped ? h.readInt32BE(4) : (h[0] ?? 0)
    const badStartup =
      this.untyped && (length > MAX_STARTUP_LENGTH || !UNTYPED_CODES.includes(this.#type))
    if (length < 0 || badStartup) {
      this.broken = true
      return
    }
    this.#first = undefined
    this.#wantFirst = true
    this.#remaining = length
    if (length === 0) this.#onMessage(this.#type, undefined)
  }
}

/**
 * Follows a client<->server Postgres conversation to tell when the session is idle: every
 * Query/Sync answered by ReadyForQuery, no half-sent extended-protocol sequence, and the last
 * ReadyForQuery said 'I' (not in a transaction). Only then may a single-session backend be
 * handed to someone else. Anything it cannot follow (TLS, garbage) makes it never idle, which
 * falls back to holding the backend until the connection closes.
 */
export class SessionTracker {
  #pending = 0
  #unsynced = false
  #status: number | undefined
  #opaque = false
  #terminated = false
  readonly #client = new MessageScanner(true, (t) => this.#onClient(t))
  readonly #server = new MessageScanner(false, (t, b) => this.#onServer(t, b))

  /** Feeds bytes the client sent to the server. */
  client(chunk: Uint8Array): void {
    if (!this.#opaque) this.#client.feed(chunk)
  }

  /** Feeds bytes the server sent to the client. */
  server(chunk: Uint8Array): void {
    if (!this.#opaque) this.#server.feed(chunk)
  }

  /** True when either side sent something that is not the Postgres protocol. */
  get broken(): boolean {
    return !this.#opaque && (this.#client.broken || this.#server.broken)
  }

  /** True once the client sent Terminate: Postgres closes the connection then, so must the pipe. */
  get terminated(): boolean {
    return this.#terminated
  }

  /** True when another session may use the backend between this one's transactions. */
  get idle(): boolean {
    if (this.#opaque || this.#client.broken || this.#server.broken) return false
    const quiet = this.#pending === 0 && !this.#unsynced && this.#client.atBoundary
    return quiet && this.#status === 0x49 // 'I'
  }

  #onClient(type: number): void {
    if (this.#client.untyped) {
      if (type === PROTOCOL_3) {
        this.#client.untyped = false
        this.#pending++ // the startup's ReadyForQuery
      } else if (type === SSL_REQUEST || type === GSSENC_REQUEST) {
        this.#server.rawBytes++
      }
      return
    }
    const c = String.fromCharCode(type)
    if (c === 'Q' || c === 'F') this.#pending++
    else if (c === 'S') {
      this.#pending++
      this.#unsynced = false
    } else if ('PBDECH'.includes(c)) this.#unsynced = true
    else if (c === 'X') this.#terminated = true
  }

  #onServer(type: number, firstByte: number | undefined): void {
    if (type === -1) {
      // 'S' or 'G' means encryption starts: nothing after it can be read.
      if (firstByte !== 0x4e) this.#opaque = true
      return
    }
    if (type === 0x5a /* Z */) {
      this.#pending = Math.max(0, this.#pending - 1)
      this.#status = firstByte
    }
  }
}
