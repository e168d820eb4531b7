/**
 * The few Postgres protocol messages the proxy writes or reads itself while it authenticates a
 * WebSocket client and logs in to the backend (PostgreSQL docs, "Message Formats").
 */

/** Protocol version 3.0 in a StartupMessage; the other codes replace it in handshake requests. */
export const PROTOCOL_3 = 196608
export const SSL_REQUEST = 80877103
export const GSSENC_REQUEST = 80877104
export const CANCEL_REQUEST = 80877102

/** AuthenticationRequest codes ('R' messages). */
export const AUTH_OK = 0
export const AUTH_CLEARTEXT = 3
export const AUTH_MD5 = 5
export const AUTH_SASL = 10
export const AUTH_SASL_CONTINUE = 11
export const AUTH_SASL_FINAL = 12

/** A NUL-terminated string. */
export function cstring(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8')
}

/** A typed message: type byte, int32 length (itself included), body. */
export function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  const head = Buffer.alloc(5)
  head.write(type, 0, 'latin1')
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}

/** An int32 in network order. */
export function int32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeInt32BE(value)
  return b
}

/** AuthenticationRequest: 'R', the code, then code-specific data. */
export function authRequest(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  return message('R', int32(code), data)
}

/** An ErrorResponse with severity, SQLSTATE and message, as Postgres sends before closing. */
export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, text: string): Buffer {
  const field = (tag: string, value: string) => Buffer.concat([Buffer.from(tag), cstring(value)])
  return message(
    'E',
    field('S', severity),
    field('V', severity),
    field('C', code),
    field('M', text),
    Buffer.from([0]),
  )
}

/** A protocol 3.0 StartupMessage with these parameters (user, database, ...). */
export function startupMessage(params: ReadonlyMap<string, string>): Buffer {
  const pairs = [...params].flatMap(([key, value]) => [cstring(key), cstring(value)])
  const body = Buffer.concat([int32(PROTOCOL_3), ...pairs, Buffer.from([0])])
  return Buffer.concat([int32(body.length + 4), body])
}

/**
 * The parameters of a StartupMessage body (after the version): name/value pairs ending in an
 * empty name. Null when the body is not that shape.
 */
export function parseStartupParams(body: Buffer): Map<string, string> | null {
  const parts = body.toString('utf8').split('\0')
  // A well-formed body ends "...value\0\0": the split leaves two empty strings at the end.
  if (parts.length < 2 || parts.pop() !== '' || parts.pop() !== '' || parts.length % 2 !== 0) {
    return null
  }
  const params = new Map<string, string>()
  for (let i = 0; i < parts.length; i += 2) {
    const key = parts[i] ?? ''
    if (key === '' || params.has(key)) return null
    params.set(key, parts[i + 1] ?? '')
  }
  return params
}

/** The text of a body that is exactly one NUL-terminated string; null otherwise. */
export function parseCString(body: Buffer): string | null {
  if (body.length === 0 || body[body.length - 1] !== 0) return null
  const text = body.subarray(0, -1)
  return text.includes(0) ? null : text.toString('utf8')
}
