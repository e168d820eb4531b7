/** Hand-made JWT parts for attack tests, in the alphabet JWTs use (RFC 7515 §2: base64url). */

/** base64url without padding, of bytes or of a string's UTF-8. */
export function b64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

function fromB64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))
}

/**
 * The token with one bit of its signature flipped: a signature of the same length that always
 * differs from the real one (editing base64 characters can leave the decoded bytes unchanged,
 * or hit the real ones by chance).
 */
export function flipSignatureBit(token: string): string {
  const [header, payload, signature = ''] = token.split('.')
  const bytes = fromB64url(signature)
  bytes[0] = (bytes[0] ?? 0) ^ 0x01
  return `${header}.${payload}.${b64url(bytes)}`
}
