/**
 * Shows what is inside a JWT. Decoding is not verifying: the page only displays the claims; the
 * server (or `edge-auth/verifier`) is what checks the signature.
 */

export interface DecodedJwt {
  header: Record<string, unknown>
  payload: Record<string, unknown>
}

/** Splits `header.payload.signature` and parses the first two parts (base64url JSON). */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token.split('.')
  if (!header || !payload) throw new Error('Not a JWT')
  return { header: decodePart(header), payload: decodePart(payload) }
}

function decodePart(part: string): Record<string, unknown> {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
}

/** The payload with `iat`/`exp` also shown as dates, for people. */
export function describeClaims(payload: Record<string, unknown>): Record<string, unknown> {
  const described: Record<string, unknown> = { ...payload }
  for (const claim of ['iat', 'exp', 'nbf']) {
    const value = payload[claim]
    if (typeof value === 'number') {
      described[claim] = `${value} (${new Date(value * 1000).toISOString()})`
    }
  }
  return described
}
