/**
 * Authentication (WebAuthn Level 3 §7.2): checks an `AuthenticationResponseJSON` from
 * `navigator.credentials.get()` against the challenge issued and the stored credential. Pure:
 * the caller finds the credential by `response.id`, checks that a returned `userHandle` belongs
 * to the credential's user (§7.2, "identify the user"), consumes the challenge, and on success
 * stores `newSignCount` and `backedUp`.
 */
import { b64decode } from '../base64.ts'
import { parseAuthenticatorData } from './authenticator-data.ts'
import { decodeCbor, expectCborMap } from './cbor-decode.ts'
import { checkClientData } from './client-data.ts'
import { importCoseKey } from './cose-key.ts'
import { verifyCredentialSignature } from './credential-signature.ts'
import {
  base64urlField,
  checkAuthenticatorData,
  concatBytes,
  type ExpectedCeremony,
  objectField,
  sha256,
} from './webauthn-ceremony.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** WebAuthn Level 3 §5.1 `AuthenticationResponseJSON`; only the members we read are required. */
export interface AuthenticationResponseJSON {
  id: string
  rawId: string
  type: string
  response: {
    clientDataJSON: string
    authenticatorData: string
    signature: string
    userHandle?: string | null
  }
  authenticatorAttachment?: string | null
  clientExtensionResults?: Record<string, unknown>
}

/** The stored credential, as `verifyRegistration` returned it (a `passkeys` row fits). */
export interface StoredCredential {
  /** The credential id, base64url. */
  id: string
  /** The COSE_Key, base64url. */
  publicKey: string
  /** The COSE algorithm stored with the key; must be the key's own. */
  algorithm: number
  signCount: number
}

export interface VerifiedAssertion {
  /** Store this as the credential's signCount. */
  newSignCount: number
  userVerified: boolean
  /** BS: store it, the backup state may change over a credential's life (§6.1.3). */
  backedUp: boolean
  /** The user handle the authenticator returned (base64url), or null; the caller checks it. */
  userHandle: string | null
}

async function importStoredKey(credential: StoredCredential) {
  const bytes = b64decode(credential.publicKey)
  if (bytes === undefined) throw new WebAuthnError('bad_public_key', 'stored key is not base64url')
  const key = await importCoseKey(expectCborMap(decodeCbor(bytes), 'stored public key'))
  if (key.algorithm !== credential.algorithm) {
    throw new WebAuthnError('bad_public_key', "stored algorithm is not the key's")
  }
  return key
}

/**
 * §7.2, the signature counter step. Both zero: a synced passkey that keeps no counter, fine.
 * Otherwise the new value must be strictly greater; anything else may be a cloned
 * authenticator, and this service refuses the login (`counter_regressed`) rather than only
 * scoring the risk. The caller should log it and may tell the user to review their passkeys.
 */
function checkSignCount(stored: number, received: number): void {
  if (stored === 0 && received === 0) return
  if (received <= stored) {
    throw new WebAuthnError('counter_regressed', `stored ${stored}, received ${received}`)
  }
}

function readUserHandle(value: unknown): string | null {
  if (value === undefined || value === null) return null
  base64urlField(value, 'userHandle')
  return value as string
}

/**
 * Verifies an assertion, in the order of §7.2: the credential is the stored one, client data
 * (type `webauthn.get`, challenge, origin, no cross-origin), authenticator data (RP ID hash,
 * UP, UV when required, BE/BS, no attested data), the signature over
 * `authenticatorData || SHA-256(clientDataJSON)`, then the counter. Throws `WebAuthnError`.
 */
export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  expected: ExpectedCeremony,
  credential: StoredCredential,
): Promise<VerifiedAssertion> {
  const body = objectField(objectField(response, 'credential').response, 'response')
  if (response.type !== 'public-key') throw new WebAuthnError('malformed', 'type is not public-key')
  if (response.id !== credential.id || response.rawId !== credential.id) {
    throw new WebAuthnError('credential_id_mismatch', 'the response is not for this credential')
  }
  const clientDataJSON = base64urlField(body.clientDataJSON, 'clientDataJSON')
  const authenticatorData = base64urlField(body.authenticatorData, 'authenticatorData')
  const signature = base64urlField(body.signature, 'signature')
  const userHandle = readUserHandle(body.userHandle)
  checkClientData(clientDataJSON, { type: 'webauthn.get', ...expected })
  const authData = parseAuthenticatorData(authenticatorData)
  // §6.1: "For assertion signatures, the AT flag MUST NOT be set".
  if (authData.attestedCredential !== undefined) {
    throw new WebAuthnError('malformed', 'an assertion carries attested credential data')
  }
  await checkAuthenticatorData(authData, expected)
  const key = await importStoredKey(credential)
  const signed = concatBytes(authenticatorData, await sha256(clientDataJSON))
  if (!(await verifyCredentialSignature(key, signature, signed))) {
    throw new WebAuthnError('bad_signature')
  }
  checkSignCount(credential.signCount, authData.signCount)
  return {
    newSignCount: authData.signCount,
    userVerified: authData.userVerified,
    backedUp: authData.backedUp,
    userHandle,
  }
}
