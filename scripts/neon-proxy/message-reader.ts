/** Bytes that cannot be the Postgres protocol at this point; the connection must end. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** One message of the startup phase: int32 length, int32 code (version or request), body. */
export interface UntypedMessage {
  code: number
  body: Buffer
}

/** One typed message: type byte, int32 length, body. */
export interface TypedMessage {
  type: string
  body: Buffer
}

/**
 * Collects bytes and cuts whole messages off the front, for the few small messages of a
 * handshake (the steady-state pipe never copies bodies; see pg-stream.ts). Every length is
 * checked against a maximum before anything waits for it, so a client cannot make the proxy
 * wait for, or buffer, a message it would refuse anyway.
 */
export class MessageReader {
  #buffer: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
  }

  /** The next startup-phase message, null until it is complete; throws ProtocolError. */
  nextUntyped(maxLength: number): UntypedMessage | null {
    if (this.#buffer.length < 4) return null
    const length = this.#buffer.readInt32BE(0)
    if (length < 8 || length > maxLength) {
      throw new ProtocolError(`invalid startup packet length ${length}`)
    }
    if (this.#buffer.length < length) return null
    const code = this.#buffer.readInt32BE(4)
    const body = this.#take(length).subarray(8)
    return { code, body }
  }

  /**
   * The next typed message, null until it is complete; throws ProtocolError. With `only`, any
   * other type is refused at its first byte instead of waiting for its body.
   */
  nextTyped(maxLength: number, only?: string): TypedMessage | null {
    if (this.#buffer.length === 0) return null
    const type = String.fromCharCode(this.#buffer[0] ?? 0)
    if (only !== undefined && type !== only) {
      throw new ProtocolError(
        `expected a message of type ${JSON.stringify(only)}, got ${JSON.stringify(type)}`,
      )
    }
    if (this.#buffer.length < 5) return null
    const length = this.#buffer.readInt32BE(1)
    if (length < 4 || length > maxLength) {
      throw new ProtocolError(
        `invalid length ${length} for a message of type ${JSON.stringify(type)}`,
      )
    }
    if (this.#buffer.length < length + 1) return null
    return { type, body: this.#take(length + 1).subarray(5) }
  }

  /** Whatever arrived after the last whole message; empties the reader. */
  rest(): Buffer {
    const rest = this.#buffer
    this.#buffer = Buffer.alloc(0)
    return rest
  }

  #take(n: number): Buffer {
    const taken = this.#buffer.subarray(0, n)
    this.#buffer = this.#buffer.subarray(n)
    return taken
  }
}
