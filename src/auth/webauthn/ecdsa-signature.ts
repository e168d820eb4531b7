/**
 * ES256 signatures arrive as an ASN.1 DER `Ecdsa-Sig-Value` (WebAuthn Level 3 §6.5.5, RFC 3279
 * §2.2.3): `SEQUENCE { r INTEGER, s INTEGER }`. Web Crypto's ECDSA verify wants the IEEE P1363
 * form instead: r and s as fixed-width big-endian integers, concatenated (W3C Web Cryptography
 * API, ECDSA "verify"). This converts one to the other and refuses anything that is not strict
 * DER (ITU-T X.690 §8.3 and §10.1): long-form lengths where short ones fit, non-minimal or
 * negative integers, integers wider than the curve, and trailing bytes. A lenient parser here
 * would accept many encodings of one signature (malleability) for nothing.
 */
import { WebAuthnError } from './webauthn-error.ts'

const SEQUENCE = 0x30
const INTEGER = 0x02

function refuse(why: string): never {
  throw new WebAuthnError('bad_signature', `ECDSA signature is not strict DER: ${why}`)
}

/** One DER INTEGER at `offset`, as a `width`-byte unsigned big-endian value; and where it ends. */
function readInteger(der: Uint8Array, offset: number, width: number) {
  if (der[offset] !== INTEGER) refuse('expected an INTEGER')
  const length = der[offset + 1] ?? refuse('truncated')
  // Short-form length only: an integer of at most width + 1 bytes never needs the long form.
  if (length === 0 || length > width + 1) refuse('INTEGER has the wrong length')
  const start = offset + 2
  const end = start + length
  if (end > der.length) refuse('truncated')
  const first = der[start] as number
  if (first & 0x80) refuse('INTEGER is negative')
  // X.690 §8.3.2: a leading 0x00 is allowed only when the next byte has its high bit set.
  if (first === 0 && length > 1 && ((der[start + 1] as number) & 0x80) === 0) {
    refuse('INTEGER is not minimally encoded')
  }
  const magnitude =
    first === 0 && length > 1 ? der.subarray(start + 1, end) : der.subarray(start, end)
  if (magnitude.length > width) refuse('INTEGER is wider than the curve')
  const value = new Uint8Array(width)
  value.set(magnitude, width - magnitude.length)
  return { value, end }
}

/**
 * Converts a DER `Ecdsa-Sig-Value` to IEEE P1363 `r || s`, each `width` bytes (32 for P-256).
 * Short integers are left-padded with zeros; the sign byte of a 33-byte integer is dropped.
 * Throws `WebAuthnError('bad_signature')` for anything but strict DER.
 */
export function derToP1363(der: Uint8Array, width = 32): Uint8Array<ArrayBuffer> {
  if (der[0] !== SEQUENCE) refuse('expected a SEQUENCE')
  const length = der[1] ?? refuse('truncated')
  // The largest P-256 value, two 33-byte INTEGERs, is 70 bytes: the short form always fits.
  if (length >= 0x80) refuse('SEQUENCE length is not in short form')
  if (length + 2 !== der.length) refuse('SEQUENCE length does not match the signature')
  const r = readInteger(der, 2, width)
  const s = readInteger(der, r.end, width)
  if (s.end !== der.length) refuse('trailing bytes inside the SEQUENCE')
  const out = new Uint8Array(width * 2)
  out.set(r.value, 0)
  out.set(s.value, width)
  return out
}
