import WebSocket from 'ws'

/** A WebSocket to the proxy's /v1 that records every byte and how it ended. */
export class RawSocket {
  readonly ws: WebSocket
  received = Buffer.alloc(0)
  readonly closed: Promise<number>

  constructor(port: number, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/v1?address=127.0.0.1:5432`, { headers })
    this.ws.on('message', (data: Buffer) => {
      this.received = Buffer.concat([this.received, data])
    })
    this.ws.on('error', () => {})
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)))
  }

  /** Resolves once open (rejects if the upgrade is refused). */
  open(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve(this))
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`${res.statusCode}`)))
    })
  }

  send(...frames: Buffer[]): void {
    for (const frame of frames) this.ws.send(frame)
  }

  /** Types of the whole messages received, from byte `from` on (after an 'N' to SSLRequest). */
  types(from = 0): string {
    return this.#messages(from)
      .map((m) => m.type)
      .join('')
  }

  /** The SQLSTATE of the first ErrorResponse received, if any. */
  errorCode(from = 0): string | undefined {
    const error = this.#messages(from).find((m) => m.type === 'E')
    const field = error?.body
      .toString('utf8')
      .split('\0')
      .find((f) => f.startsWith('C'))
    return field?.slice(1)
  }

  #messages(from: number): { type: string; body: Buffer }[] {
    const out: { type: string; body: Buffer }[] = []
    let off = from
    while (off + 5 <= this.received.length) {
      const length = this.received.readInt32BE(off + 1)
      const type = String.fromCharCode(this.received[off] ?? 0)
      out.push({ type, body: this.received.subarray(off + 5, off + 1 + length) })
      off += 1 + length
    }
    return out
  }
}
