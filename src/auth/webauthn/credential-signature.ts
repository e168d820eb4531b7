/**
 * Verifies a WebAuthn signature (an assertion, or a packed self-attestation) with a credential
 * key through `crypto.subtle.verify`, in the signature format of WebAuthn Level 3 §6.5.5:
 *
 * - ES256: DER `Ecdsa-Sig-Value`, converted to P1363 `r || s` for Web Crypto (ecdsa-signature.ts);
 * - EdDSA: the 64-byte Ed25519 signature of RFC 8032 §5.1.6, as is;
 * - RS256: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), not ASN.1-wrapped.
 */
import type { CredentialKey } from './cose-key.ts'
import { derToP1363 } from './ecdsa-signature.ts'

/** The Web Crypto algorithm and the signature bytes it expects. */
function webCryptoForm(key: CredentialKey, signature: Uint8Array<ArrayBuffer>) {
  if (key.algorithm === -7) {
    return { params: { name: 'ECDSA', hash: 'SHA-256' }, bytes: derToP1363(signature) }
  }
  // Web Crypto's Ed25519 verify answers false for a signature that is not 64 bytes.
  if (key.algorithm === -8) return { params: { name: 'Ed25519' }, bytes: signature }
  return { params: { name: 'RSASSA-PKCS1-v1_5' }, bytes: signature }
}

/**
 * True when `signature` is the credential's signature over `signed`. False for a wrong
 * signature or one Web Crypto cannot read; a malformed ES256 DER throws
 * `WebAuthnError('bad_signature')` with the reason it is malformed.
 */
export async function verifyCredentialSignature(
  key: CredentialKey,
  signature: Uint8Array<ArrayBuffer>,
  signed: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const form = webCryptoForm(key, signature)
  try {
    return await crypto.subtle.verify(form.params, key.key, form.bytes, signed)
  } catch {
    // Web Crypto throws, rather than answers false, for some wrong lengths (RSA, for one).
    return false
  }
}
