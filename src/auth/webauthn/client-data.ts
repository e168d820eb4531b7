/**
 * The client data (WebAuthn Level 3 §5.8.1): what the browser says it was asked, as JSON. The
 * checks are the client-data steps of §7.1 (registration) and §7.2 (assertion), in order:
 *
 * - `type` is the ceremony's (`webauthn.create` or `webauthn.get`): a signature made for one
 *   ceremony cannot be replayed in the other (§5.8.1, the `type` member);
 * - `challenge` is the one issued, compared in constant time (§13.5.3);
 * - `origin` is one of the expected origins, compared exactly (§13.5.9: no prefix, no pattern);
 * - `crossOrigin: true` or a `topOrigin` means an iframe of another site ran the ceremony; this
 *   service never embeds its sign-in, so both are refused (the crossOrigin and topOrigin steps).
 *
 * The JSON is parsed, not matched byte for byte (§5.8.1.2's limited verification is for parsers
 * that cannot parse), and unknown members are ignored, as §5.8.1 requires.
 */
import { WebAuthnError } from './webauthn-error.ts'

export type CeremonyType = 'webauthn.create' | 'webauthn.get'

export interface ClientDataExpectation {
  type: CeremonyType
  /** The challenge issued, base64url, exactly as it was put in the options. */
  challenge: string
  /** Allowed origins, e.g. `https://example.com` (scheme, host and port; no path). */
  origins: readonly string[]
}

// UTF-8 decode (WHATWG Encoding): strips a leading BOM, as §7.1 and §7.2 ask; refuses bad bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const encoder = new TextEncoder()

/** Equal strings, compared in constant time for strings of equal length. */
function sameSecret(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  return x.length === y.length && crypto.subtle.timingSafeEqual(x, y)
}

function parse(bytes: Uint8Array): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(UTF8.decode(bytes))
  } catch {
    throw new WebAuthnError('malformed', 'clientDataJSON is not UTF-8 JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebAuthnError('malformed', 'clientDataJSON is not a JSON object')
  }
  return parsed as Record<string, unknown>
}

/** Runs every client-data check of the ceremony on the raw `clientDataJSON` bytes. */
export function checkClientData(bytes: Uint8Array, expected: ClientDataExpectation): void {
  const data = parse(bytes)
  const { type, challenge, origin, crossOrigin, topOrigin } = data
  if (typeof type !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
    throw new WebAuthnError('malformed', 'clientDataJSON lacks type, challenge or origin')
  }
  if (type !== expected.type) throw new WebAuthnError('bad_type', `got ${JSON.stringify(type)}`)
  if (expected.challenge === '' || !sameSecret(challenge, expected.challenge)) {
    throw new WebAuthnError('challenge_mismatch')
  }
  if (!expected.origins.includes(origin)) {
    throw new WebAuthnError('origin_mismatch', `got ${JSON.stringify(origin.slice(0, 200))}`)
  }
  if (crossOrigin !== undefined && typeof crossOrigin !== 'boolean') {
    throw new WebAuthnError('malformed', 'clientDataJSON.crossOrigin is not a boolean')
  }
  if (crossOrigin === true || topOrigin !== undefined) throw new WebAuthnError('cross_origin')
}
