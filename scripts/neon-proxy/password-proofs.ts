import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  AUTH_CLEARTEXT,
  AUTH_MD5,
  AUTH_OK,
  AUTH_SASL,
  AUTH_SASL_CONTINUE,
  AUTH_SASL_FINAL,
  cstring,
  int32,
} from './pg-wire.ts'

/** A login the backend will not allow, for a reason the client should see. */
export class BackendRefusedError extends Error {
  override name = 'BackendRefusedError'
  /** The backend's own ErrorResponse, forwarded to the client as is; null for the proxy's. */
  readonly response: Buffer | null

  constructor(text: string, response: Buffer | null = null) {
    super(text)
    this.response = response
  }
}

/**
 * Answers a backend's AuthenticationRequests with the backend's own password: cleartext, md5 or
 * SCRAM-SHA-256, whichever it asks for (PostgreSQL docs, "Authentication Methods").
 */
export class AuthAnswerer {
  readonly #user: string
  readonly #password: string | undefined
  #scram: ScramSession | null = null

  constructor(user: string, password: string | undefined) {
    this.#user = user
    this.#password = password
  }

  /** The PasswordMessage body to send, 'ok' at AuthenticationOk, null when nothing is due. */
  answer(code: number, data: Buffer): Buffer | 'ok' | null {
    if (code === AUTH_OK) return 'ok'
    if (code === AUTH_CLEARTEXT) return cstring(this.#needPassword())
    if (code === AUTH_MD5) return cstring(md5Password(this.#user, this.#needPassword(), data))
    if (code === AUTH_SASL) {
      if (!data.toString('utf8').split('\0').includes('SCRAM-SHA-256')) {
        throw new BackendRefusedError('the backend offers no SASL mechanism the proxy speaks')
      }
      const first = scramClientFirst()
      this.#scram = first.session
      const response = Buffer.from(first.message)
      return Buffer.concat([cstring('SCRAM-SHA-256'), int32(response.length), response])
    }
    if (code === AUTH_SASL_CONTINUE && this.#scram) {
      return Buffer.from(scramClientFinal(this.#scram, this.#needPassword(), data.toString()))
    }
    if (code === AUTH_SASL_FINAL && this.#scram) {
      scramVerifyServer(this.#scram, data.toString())
      return null
    }
    throw new BackendRefusedError(`the backend asks for authentication method ${code}`)
  }

  #needPassword(): string {
    if (this.#password !== undefined) return this.#password
    throw new BackendRefusedError('the backend asks for a password: put it in the backend URL')
  }
}

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677). No channel binding (the proxy talks to
 * the backend without TLS: gs2 header "n,,"). No SASLprep: backend passwords here are ASCII.
 */
export interface ScramSession {
  readonly clientNonce: string
  readonly clientFirstBare: string
  /** Set by {@link scramClientFinal}: what the server must prove it knows. */
  serverSignature?: Buffer
}

/** Postgres ignores the SCRAM user name (it has the startup's) and pg sends "*". */
export function scramClientFirst(
  user = '*',
  clientNonce = randomBytes(18).toString('base64'),
): { session: ScramSession; message: string } {
  const clientFirstBare = `n=${user},r=${clientNonce}`
  return { session: { clientNonce, clientFirstBare }, message: `n,,${clientFirstBare}` }
}

/** Answers server-first-message with client-final-message; throws when the server's is bad. */
export function scramClientFinal(session: ScramSession, password: string, serverFirst: string) {
  const attrs = parseAttributes(serverFirst)
  const nonce = attrs.get('r') ?? ''
  const salt = Buffer.from(attrs.get('s') ?? '', 'base64')
  const iterations = Number(attrs.get('i'))
  if (!nonce.startsWith(session.clientNonce) || nonce.length === session.clientNonce.length) {
    throw new Error('SCRAM: the server nonce does not extend the client nonce')
  }
  if (salt.length === 0 || !Number.isInteger(iterations) || iterations < 1) {
    throw new Error('SCRAM: bad salt or iteration count from the server')
  }
  const withoutProof = `c=biws,r=${nonce}` // biws = base64("n,,")
  const authMessage = `${session.clientFirstBare},${serverFirst},${withoutProof}`
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256')
  const clientKey = hmac(salted, 'Client Key')
  const storedKey = createHash('sha256').update(clientKey).digest()
  const signature = hmac(storedKey, authMessage)
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0)))
  session.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage)
  return `${withoutProof},p=${proof.toString('base64')}`
}

/** Checks server-final-message: the server must know the password too (mutual auth). */
export function scramVerifyServer(session: ScramSession, serverFinal: string): void {
  const given = Buffer.from(parseAttributes(serverFinal).get('v') ?? '', 'base64')
  const expected = session.serverSignature
  if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Error('SCRAM: the server signature does not match')
  }
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest()
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const part of text.split(',')) {
    if (/^[a-z]=/.test(part)) attrs.set(part[0] ?? '', part.slice(2))
  }
  return attrs
}

/** md5 auth: "md5" + md5(md5(password + user) + salt), in hex (PostgreSQL docs, "MD5"). */
export function md5Password(user: string, password: string, salt: Buffer): string {
  const hex = (data: Buffer | string) => createHash('md5').update(data).digest('hex')
  return `md5${hex(Buffer.concat([Buffer.from(hex(password + user)), salt.subarray(0, 4)]))}`
}
