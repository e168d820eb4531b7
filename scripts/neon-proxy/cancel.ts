import net from 'node:net'

/** CancelRequest's code in place of a protocol version (Postgres protocol, "CancelRequest"). */
const CANCEL_REQUEST_CODE = 80877102

/** Give up on reaching the backend for a cancel after this long: it is best effort. */
const CANCEL_TIMEOUT_MS = 2_000

/** The key Postgres gave a session in BackendKeyData; pg keeps it on the client. */
export interface CancelKey {
  processID: number
  secretKey: number
}

/** Reads pg's processID/secretKey from a connected client, if it has them. */
export function cancelKeyOf(client: unknown): CancelKey | null {
  const { processID, secretKey } = client as { processID?: unknown; secretKey?: unknown }
  if (typeof processID !== 'number' || typeof secretKey !== 'number') return null
  return { processID, secretKey }
}

/**
 * Asks the backend to cancel whatever the session with this key is running, the way Neon's
 * proxy does when an HTTP client goes away (sql_over_http.rs: `cancel_token.cancel_query`).
 * A CancelRequest goes over its own connection and gets no answer; resolves when that
 * connection is done, never rejects.
 */
export function sendCancelRequest(host: string, port: number, key: CancelKey): Promise<void> {
  const packet = Buffer.alloc(16)
  packet.writeInt32BE(16, 0)
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4)
  packet.writeInt32BE(key.processID, 8)
  packet.writeInt32BE(key.secretKey, 12)
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.setTimeout(CANCEL_TIMEOUT_MS, () => socket.destroy())
    socket.on('connect', () => socket.end(packet))
    socket.on('error', () => {})
    socket.on('close', () => resolve())
  })
}
