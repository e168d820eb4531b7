/**
 * Encoders the tests need and the service does not: CBOR (RFC 8949, shared with the bench in
 * scripts/lib/cbor-encode.ts) and DER ECDSA signatures (RFC 3279 §2.2.3), the inverse of the
 * code under test, plus hex for test vectors.
 */

export { type CborInput, type CborInputMap, encodeCbor } from '../../../scripts/lib/cbor-encode.ts'

/** One unsigned big-endian integer as a minimal DER INTEGER (X.690 §8.3). */
function derInteger(unsigned: Uint8Array): number[] {
  let start = 0
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++
  const content = [...unsigned.subarray(start)]
  if ((content[0] as number) & 0x80) content.unshift(0)
  return [0x02, content.length, ...content]
}

/** Web Crypto's P1363 `r || s` as the DER `Ecdsa-Sig-Value` authenticators send. */
export function p1363ToDer(signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const half = signature.length / 2
  const body = [...derInteger(signature.subarray(0, half)), ...derInteger(signature.subarray(half))]
  return Uint8Array.from([0x30, body.length, ...body])
}

/** Bytes from hex; whitespace is ignored. */
export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text.replace(/\s/g, '').match(/../g) ?? [], (h) => Number.parseInt(h, 16))
}
