/**
 * What registration and assertion check alike: the expectations the caller states, the
 * authenticator-data checks of WebAuthn Level 3 §7.1 and §7.2 (rpIdHash, UP, UV, BE/BS), and
 * reading the base64url members of the response JSON.
 */
import { b64decode } from '../base64.ts'
import type { AuthenticatorData } from './authenticator-data.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** What the relying party expects of a response: the same shape for registration and login. */
export interface ExpectedCeremony {
  /** The challenge issued in the options (base64url), fetched from where the caller kept it. */
  challenge: string
  /** Origins allowed to run the ceremony, compared exactly: `['https://example.com']`. */
  origins: readonly string[]
  /** The RP ID the options named, e.g. `example.com` (`localhost` in development). */
  rpId: string
  /** True when the options said `userVerification: 'required'`: the UV flag must then be set. */
  requireUserVerification: boolean
}

/** SHA-256 through Web Crypto. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  // The DOM library (the demo's typecheck reads this through the client's types) refuses a
  // Uint8Array that may view a SharedArrayBuffer; Workers' types accept it.
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

/** `a || b`, the message of every WebAuthn signature (§6.5.4, the signature figure). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

/** A base64url (unpadded, §5.1 `Base64URLString`) member of the response, or `malformed`. */
export function base64urlField(value: unknown, name: string): Uint8Array<ArrayBuffer> {
  const bytes = typeof value === 'string' && BASE64URL.test(value) ? b64decode(value) : undefined
  if (bytes === undefined) throw new WebAuthnError('malformed', `${name} is not base64url`)
  return bytes
}

/** The object, or `malformed` naming it. */
export function objectField(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>
  }
  throw new WebAuthnError('malformed', `${name} is not an object`)
}

/** Equal bytes, in constant time when the lengths are equal (lengths are not secret here). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.subtle.timingSafeEqual(a, b)
}

/**
 * The authenticator-data checks both ceremonies share, in the specification's order (§7.1,
 * §7.2): the RP ID hash, user presence, user verification when required, and backup flags
 * consistency, BS only with BE (§6.1.3).
 */
export async function checkAuthenticatorData(
  authData: AuthenticatorData,
  expected: Pick<ExpectedCeremony, 'rpId' | 'requireUserVerification'>,
): Promise<void> {
  const rpIdHash = await sha256(new TextEncoder().encode(expected.rpId))
  if (!sameBytes(authData.rpIdHash, rpIdHash)) throw new WebAuthnError('rp_id_mismatch')
  if (!authData.userPresent) throw new WebAuthnError('user_not_present')
  if (expected.requireUserVerification && !authData.userVerified) {
    throw new WebAuthnError('user_not_verified')
  }
  if (authData.backedUp && !authData.backupEligible) throw new WebAuthnError('backup_state_invalid')
}
