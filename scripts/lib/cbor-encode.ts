/**
 * A CBOR encoder (RFC 8949, definite lengths; the CTAP2 canonical subset when maps are built in
 * canonical key order): what an authenticator writes and the service only decodes. Used by the
 * tests' software authenticator and by the bench's passkey seeding (scripts/lib/load). Pure: no
 * Node or Workers APIs, so both the Node scripts and the Workers tests import it.
 */

export type CborInput = number | string | boolean | null | Uint8Array | CborInput[] | CborInputMap
export type CborInputMap = Map<number | string, CborInput>

/** The initial byte and argument of RFC 8949 §3, in the shortest form. */
function head(major: number, n: number): number[] {
  const top = major << 5
  if (n < 24) return [top | n]
  if (n < 0x100) return [top | 24, n]
  if (n < 0x10000) return [top | 25, n >> 8, n & 0xff]
  if (n < 0x100000000) return [top | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
  throw new RangeError('the test encoder stops at 32-bit arguments')
}

function encodeInto(value: CborInput, out: number[]): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError('the test encoder writes integers only')
    out.push(...(value >= 0 ? head(0, value) : head(1, -1 - value)))
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value)
    out.push(...head(3, bytes.length), ...bytes)
  } else if (typeof value === 'boolean') {
    out.push(value ? 0xf5 : 0xf4)
  } else if (value === null) {
    out.push(0xf6)
  } else if (value instanceof Uint8Array) {
    out.push(...head(2, value.length), ...value)
  } else if (Array.isArray(value)) {
    out.push(...head(4, value.length))
    for (const item of value) encodeInto(item, out)
  } else {
    out.push(...head(5, value.size))
    for (const [key, item] of value) {
      encodeInto(key, out)
      encodeInto(item, out)
    }
  }
}

/** CBOR bytes of a value; maps keep their insertion order. */
export function encodeCbor(value: CborInput): Uint8Array<ArrayBuffer> {
  const out: number[] = []
  encodeInto(value, out)
  return Uint8Array.from(out)
}
