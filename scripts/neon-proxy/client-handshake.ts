import { MessageReader, ProtocolError } from './message-reader.ts'
import {
  AUTH_CLEARTEXT,
  authRequest,
  CANCEL_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  PROTOCOL_3,
  parseCString,
  parseStartupParams,
  SSL_REQUEST,
} from './pg-wire.ts'
import { secretMatches } from './secret.ts'

/** Postgres refuses longer startup packets too (MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP_LENGTH = 10_000
/** Postgres caps authentication responses at 65535 bytes (PG_MAX_AUTH_TOKEN_LENGTH). */
const MAX_PASSWORD_LENGTH = 65_535

/** How a client's handshake ended. */
export type HandshakeResult =
  | {
      ok: true
      /** The StartupMessage's parameters: user, database, application_name, ... */
      params: Map<string, string>
      /** Bytes the client sent after its password (a pipelined first query). */
      rest: Buffer
    }
  | {
      ok: false
      /** The ErrorResponse to send before closing. */
      error: Buffer
      /** WebSocket close code: 1008 for a refused password, 1002 for broken protocol. */
      closeCode: 1002 | 1008
      /** For the log line; never contains the secret or the presented password. */
      reason: string
    }

/**
 * The server side of a Postgres connection's start, as Neon's proxy plays it on its WebSocket:
 * answer SSLRequest/GSSENCRequest with 'N', read the StartupMessage, ask for a cleartext password
 * (the driver's default `pipelineConnect: 'password'` sends it without waiting to be asked) and
 * check it against the proxy's secret in constant time. Nothing the client sends reaches the
 * database before that check passes.
 */
export class ClientHandshake {
  readonly #reader = new MessageReader()
  readonly #secret: string
  readonly #send: (bytes: Buffer) => void
  #params: Map<string, string> | null = null

  /** send writes the proxy's own answers ('N', the password request) to the client. */
  constructor(secret: string, send: (bytes: Buffer) => void) {
    this.#secret = secret
    this.#send = send
  }

  /** Feeds client bytes; null while more are needed, then the result (once). */
  feed(chunk: Buffer): HandshakeResult | null {
    this.#reader.push(chunk)
    try {
      return this.#params ? this.#readPassword(this.#params) : this.#readStartup()
    } catch (err) {
      const text = err instanceof ProtocolError ? err.message : 'invalid startup'
      return protocolFailure(text)
    }
  }

  #readStartup(): HandshakeResult | null {
    for (;;) {
      const msg = this.#reader.nextUntyped(MAX_STARTUP_LENGTH)
      if (!msg) return null
      if (msg.code === SSL_REQUEST || msg.code === GSSENC_REQUEST) {
        // No TLS inside the WebSocket (neonConfig.useSecureWebSocket covers that hop).
        this.#send(Buffer.from('N'))
        continue
      }
      if (msg.code === CANCEL_REQUEST) return protocolFailure('cancel requests are not served')
      if (msg.code !== PROTOCOL_3) return protocolFailure(`unsupported protocol ${msg.code}`)
      const params = parseStartupParams(msg.body)
      if (!params?.get('user')) return protocolFailure('startup packet without a user')
      this.#params = params
      this.#send(authRequest(AUTH_CLEARTEXT))
      return this.#readPassword(params)
    }
  }

  #readPassword(params: Map<string, string>): HandshakeResult | null {
    // Anything but a PasswordMessage here is out of order (a query sent before logging in).
    const msg = this.#reader.nextTyped(MAX_PASSWORD_LENGTH, 'p')
    if (!msg) return null
    const password = parseCString(msg.body)
    if (password === null) return protocolFailure('malformed password message')
    if (!secretMatches(password, this.#secret)) {
      const user = params.get('user') ?? ''
      return {
        ok: false,
        error: errorResponse('FATAL', '28P01', `password authentication failed for user "${user}"`),
        closeCode: 1008,
        reason: password === '' ? 'no secret (empty password)' : 'wrong secret',
      }
    }
    return { ok: true, params, rest: this.#reader.rest() }
  }
}

function protocolFailure(text: string): HandshakeResult {
  return {
    ok: false,
    error: errorResponse('FATAL', '08P01', text),
    closeCode: 1002,
    reason: `not the Postgres protocol: ${text}`,
  }
}
