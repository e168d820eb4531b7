/** Base64 and digest helpers on Uint8Array, for the Workers runtime (no Buffer). */

/** Standard base64 without padding (the PHC string format's alphabet). */
export function b64encode(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/=+$/, '')
}

/** Decodes standard or url-safe base64, padded or not; undefined when it is not base64. */
export function b64decode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    return Uint8Array.from(binary, (char) => char.charCodeAt(0))
  } catch {
    return undefined
  }
}

/** base64url without padding (RFC 4648 §5), for opaque tokens. */
export function b64url(bytes: Uint8Array): string {
  return b64encode(bytes).replace(/\+/g, '-').replace(/\//g, '_')
}

/** The SHA-256 of a string's UTF-8 bytes, base64url: the lookup key of every stored token. */
export async function sha256b64url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return b64url(new Uint8Array(digest))
}
