/**
 * Base32 (RFC 4648 §6), the encoding of TOTP secrets in otpauth:// URIs and of the "setup key"
 * a user types by hand when they cannot scan the QR code.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const SHAPE = /^[A-Za-z2-7]*$/
/** RFC 4648 §6: a final quantum leaves 2, 4, 5 or 7 characters; 1, 3 or 6 cannot occur. */
const IMPOSSIBLE_REMAINDERS = new Set([1, 3, 6])

/** Upper-case base32 without padding (the Key URI format omits it; RFC 4648 §3.2 allows it). */
export function base32Encode(bytes: Uint8Array): string {
  let text = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      text += ALPHABET.charAt((buffer >>> bits) & 31)
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) text += ALPHABET.charAt((buffer << (5 - bits)) & 31)
  return text
}

/**
 * Decodes base32 in either case, with or without trailing `=` padding; undefined for anything
 * else, including a length no encoder produces and non-zero pad bits (a non-canonical encoding,
 * which RFC 4648 §3.5 lets decoders refuse).
 */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> | undefined {
  const body = text.replace(/=+$/, '')
  // Checked before upper-casing: "ı".toUpperCase() is "I", and only ASCII is base32.
  if (!SHAPE.test(body) || IMPOSSIBLE_REMAINDERS.has(body.length % 8)) return undefined
  const bytes = new Uint8Array(Math.floor((body.length * 5) / 8))
  let buffer = 0
  let bits = 0
  let index = 0
  for (const char of body.toUpperCase()) {
    buffer = (buffer << 5) | ALPHABET.indexOf(char)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes[index++] = buffer >>> bits
      buffer &= (1 << bits) - 1
    }
  }
  return buffer === 0 ? bytes : undefined
}
