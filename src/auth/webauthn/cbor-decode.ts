/**
 * A small, strict CBOR decoder (RFC 8949) for what WebAuthn carries: attestation objects, COSE
 * keys and authenticator extension outputs, all in the CTAP2 canonical form (definite lengths,
 * integer or text map keys, no tags). Anything outside that subset is refused, never guessed:
 *
 * - indefinite lengths and the break code (RFC 8949 §3.2): CTAP2 canonical CBOR never uses them;
 * - tags (major type 6, §3.4): no WebAuthn structure is tagged;
 * - integers beyond ±(2^53 - 1): a JavaScript number could not hold them exactly;
 * - simple values other than false, true, null and undefined (§3.3);
 * - map keys other than integers and text, and duplicate keys (§5.6: not valid CBOR maps);
 * - more than {@link MAX_CBOR_NESTING} nested arrays and maps (stack safety);
 * - trailing bytes after the item, in {@link decodeCbor} (§5.3.1).
 *
 * Every length is checked against the bytes left before anything is allocated, so a claimed
 * 4 GiB string or array costs nothing. Refusals throw `WebAuthnError('malformed')`.
 */
import { WebAuthnError } from './webauthn-error.ts'

/** A decoded item: the RFC 8949 §2 data model less tags, big integers and unassigned simples. */
export type CborValue =
  | number
  | string
  | boolean
  | null
  | undefined
  | Uint8Array<ArrayBuffer>
  | CborValue[]
  | CborMap

/** A CBOR map; integer key 1 and text key "1" stay distinct (COSE relies on integer labels). */
export type CborMap = Map<number | string, CborValue>

/** Arrays and maps nested deeper than this are refused; WebAuthn needs three levels. */
export const MAX_CBOR_NESTING = 8

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function fail(why: string): never {
  throw new WebAuthnError('malformed', `CBOR ${why}`)
}

class Reader {
  readonly bytes: Uint8Array
  pos: number

  constructor(bytes: Uint8Array, pos: number) {
    this.bytes = bytes
    this.pos = pos
  }

  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.pos) fail('item is truncated')
    this.pos += length
    return this.bytes.subarray(this.pos - length, this.pos)
  }

  /** A big-endian unsigned integer of `length` bytes, refused beyond 2^53 - 1. */
  uint(length: number): number {
    let value = 0
    for (const byte of this.take(length)) value = value * 256 + byte
    if (!Number.isSafeInteger(value)) fail('integer is too large for an exact number')
    return value
  }
}

/** The argument of an initial byte (RFC 8949 §3): immediate, or 1, 2, 4 or 8 bytes after it. */
function argument(reader: Reader, info: number): number {
  if (info < 24) return info
  if (info <= 27) return reader.uint(1 << (info - 24))
  if (info === 31) fail('indefinite lengths are not accepted')
  return fail('initial byte is reserved (not well-formed)')
}

/** IEEE 754 half precision (RFC 8949 Appendix D). */
function halfFloat(half: number): number {
  const exponent = (half >> 10) & 0x1f
  const mantissa = half & 0x3ff
  let value: number
  if (exponent === 0) value = mantissa * 2 ** -24
  else if (exponent !== 31) value = (mantissa + 1024) * 2 ** (exponent - 25)
  else value = mantissa === 0 ? Number.POSITIVE_INFINITY : Number.NaN
  return half & 0x8000 ? -value : value
}

/** The simple values RFC 8949 §3.3 names; the others are unassigned or reserved. */
const NAMED_SIMPLE = new Map<number, CborValue>([
  [20, false],
  [21, true],
  [22, null],
  [23, undefined],
])

/** Major type 7 (RFC 8949 §3.3): the four named simple values and the three float widths. */
function simpleOrFloat(reader: Reader, info: number): CborValue {
  if (NAMED_SIMPLE.has(info)) return NAMED_SIMPLE.get(info)
  const bytes = info >= 25 && info <= 27 ? reader.take(1 << (info - 24)) : undefined
  if (bytes === undefined)
    return info === 31
      ? fail('break code outside an indefinite item')
      : fail('simple value is not accepted')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (info === 25) return halfFloat(view.getUint16(0))
  return info === 26 ? view.getFloat32(0) : view.getFloat64(0)
}

function readItem(reader: Reader, depth: number): CborValue {
  const initial = reader.take(1)[0] as number
  const major = initial >> 5
  const info = initial & 0x1f
  if (major === 7) return simpleOrFloat(reader, info)
  if (major === 6) fail('tags are not accepted')
  const n = argument(reader, info)
  if (major === 0) return n
  if (major === 1) return -1 - n
  if (major === 2) return reader.take(n).slice()
  if (major === 3) {
    try {
      return UTF8.decode(reader.take(n))
    } catch {
      return fail('text string is not valid UTF-8')
    }
  }
  if (depth >= MAX_CBOR_NESTING) fail('is nested too deeply')
  // Every item takes at least one byte: a count beyond what is left is a lie, refused up front.
  if (n * (major === 5 ? 2 : 1) > reader.bytes.length - reader.pos) fail('item is truncated')
  if (major === 4) return Array.from({ length: n }, () => readItem(reader, depth + 1))
  const map: CborMap = new Map()
  for (let i = 0; i < n; i++) {
    // Only integer (major 0, 1) and text (major 3) keys: a float 1.0 must not pass for label 1.
    const keyMajor = (reader.bytes[reader.pos] ?? 0) >> 5
    if (keyMajor !== 0 && keyMajor !== 1 && keyMajor !== 3)
      fail('map key is not an integer or text')
    const key = readItem(reader, depth + 1) as number | string
    if (map.has(key)) fail('map has a duplicate key')
    map.set(key, readItem(reader, depth + 1))
  }
  return map
}

/** Decodes one item starting at `offset`; returns it and the offset just after it. */
export function decodeCborPrefix(bytes: Uint8Array, offset = 0): { value: CborValue; end: number } {
  const reader = new Reader(bytes, offset)
  const value = readItem(reader, 0)
  return { value, end: reader.pos }
}

/** Decodes exactly one item that fills `bytes`; trailing bytes are refused. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const { value, end } = decodeCborPrefix(bytes)
  if (end !== bytes.length) fail('has trailing bytes after the item')
  return value
}

/** The value as a map, or a `malformed` refusal naming what it should have been. */
export function expectCborMap(value: CborValue, what: string): CborMap {
  if (value instanceof Map) return value
  throw new WebAuthnError('malformed', `${what} is not a CBOR map`)
}
