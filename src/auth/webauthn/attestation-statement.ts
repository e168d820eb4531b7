/**
 * The attestation object (WebAuthn Level 3 §6.5.4): `{ fmt, attStmt, authData }` in CBOR, and
 * which attestation statements we accept (§6.5.3 attestation types, §7.1 "assess trustworthiness"):
 *
 * - `none` (§8.7), with an empty `attStmt`: what the options ask for (`attestation: 'none'`),
 *   and what synced passkey providers send.
 * - `packed` without `x5c` (§8.2, self attestation): `alg` must be the credential key's, and
 *   `sig` must verify with that key over `authData || SHA-256(clientDataJSON)`. Some browsers
 *   pass self attestation through even when asked for none, since it identifies nothing.
 * - Everything else (`packed` with `x5c`, `tpm`, `android-key`, `android-safetynet`,
 *   `fido-u2f`, `apple`, `compound`, unknown formats): refused as `unsupported_attestation`.
 *   Verifying them means X.509 chains up to trust anchors (§7.1, the trust-anchor steps), which
 *   we do not keep at the edge; §7.1 says to fail a statement that cannot be verified.
 */
import { type CborMap, decodeCbor, expectCborMap } from './cbor-decode.ts'
import type { CredentialKey } from './cose-key.ts'
import { verifyCredentialSignature } from './credential-signature.ts'
import { concatBytes } from './webauthn-ceremony.ts'
import { WebAuthnError } from './webauthn-error.ts'

export interface AttestationObject {
  fmt: string
  attStmt: CborMap
  /** The raw authenticator data, as signed. */
  authData: Uint8Array<ArrayBuffer>
}

/** What the accepted statement proves: nothing (`none`) or possession of the key (`self`). */
export type AttestationType = 'none' | 'self'

/** Decodes the attestation object; `malformed` unless it is the §6.5.4 map. */
export function parseAttestationObject(bytes: Uint8Array): AttestationObject {
  const map = expectCborMap(decodeCbor(bytes), 'attestationObject')
  const fmt = map.get('fmt')
  const attStmt = map.get('attStmt')
  const authData = map.get('authData')
  if (typeof fmt !== 'string' || !(attStmt instanceof Map) || !(authData instanceof Uint8Array)) {
    throw new WebAuthnError('malformed', 'attestationObject lacks fmt, attStmt or authData')
  }
  return { fmt, attStmt, authData }
}

/** §8.2 verification procedure, the branch without `x5c`. */
async function verifyPackedSelf(
  attStmt: CborMap,
  signed: Uint8Array<ArrayBuffer>,
  key: CredentialKey,
): Promise<void> {
  const alg = attStmt.get('alg')
  const sig = attStmt.get('sig')
  if (attStmt.size !== 2 || typeof alg !== 'number' || !(sig instanceof Uint8Array)) {
    throw new WebAuthnError('bad_attestation', 'packed attStmt is not {alg, sig}')
  }
  if (alg !== key.algorithm) {
    throw new WebAuthnError(
      'bad_attestation',
      `packed alg ${alg} is not the key's ${key.algorithm}`,
    )
  }
  if (!(await verifyCredentialSignature(key, sig, signed))) {
    throw new WebAuthnError('bad_attestation', 'packed self-attestation signature does not verify')
  }
}

/**
 * Verifies the statement of an attestation object whose credential key is `key`, given
 * `clientDataHash` = SHA-256(clientDataJSON). Returns the attestation type it proves, or throws
 * `bad_attestation` (a wrong statement) or `unsupported_attestation` (one we do not verify).
 */
export async function verifyAttestationStatement(
  attestation: AttestationObject,
  clientDataHash: Uint8Array,
  key: CredentialKey,
): Promise<AttestationType> {
  const { fmt, attStmt, authData } = attestation
  if (fmt === 'none') {
    if (attStmt.size !== 0) throw new WebAuthnError('bad_attestation', 'none attStmt is not empty')
    return 'none'
  }
  if (fmt === 'packed' && !attStmt.has('x5c')) {
    try {
      await verifyPackedSelf(attStmt, concatBytes(authData, clientDataHash), key)
    } catch (error) {
      // A malformed DER signature is a bad statement here, not a bad assertion.
      if (error instanceof WebAuthnError && error.reason === 'bad_signature') {
        throw new WebAuthnError('bad_attestation', error.message, { cause: error })
      }
      throw error
    }
    return 'self'
  }
  const what =
    fmt === 'packed' ? 'packed with an x5c certificate chain' : JSON.stringify(fmt.slice(0, 40))
  throw new WebAuthnError('unsupported_attestation', what)
}
