/**
 * Registration (WebAuthn Level 3 §7.1): checks a `RegistrationResponseJSON` from
 * `navigator.credentials.create()` (its `toJSON()`, §5.1) against what the relying party issued,
 * and returns the credential record to store. Pure: the caller fetches and consumes the
 * challenge, checks the credential id is not registered yet (§7.1, "not yet registered for any
 * user"), and stores the result.
 */
import { b64url } from '../base64.ts'
import type { AttestationType } from './attestation-statement.ts'
import { parseAttestationObject, verifyAttestationStatement } from './attestation-statement.ts'
import { parseAuthenticatorData } from './authenticator-data.ts'
import { checkClientData } from './client-data.ts'
import { type CoseAlgorithm, importCoseKey } from './cose-key.ts'
import {
  base64urlField,
  checkAuthenticatorData,
  type ExpectedCeremony,
  objectField,
  sameBytes,
  sha256,
} from './webauthn-ceremony.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** WebAuthn Level 3 §5.1 `RegistrationResponseJSON`; only the members we read are required. */
export interface RegistrationResponseJSON {
  id: string
  rawId: string
  type: string
  response: {
    clientDataJSON: string
    attestationObject: string
    transports?: string[]
    authenticatorData?: string
    publicKey?: string
    publicKeyAlgorithm?: number
  }
  authenticatorAttachment?: string | null
  clientExtensionResults?: Record<string, unknown>
}

/** The credential record to store (§7.1, "Let credentialRecord be"). */
export interface VerifiedRegistration {
  /** The credential id, base64url: the primary key of the stored passkey. */
  credentialId: string
  /** The COSE_Key exactly as the authenticator encoded it, base64url. */
  publicKey: string
  algorithm: CoseAlgorithm
  signCount: number
  /** BE: a multi-device (synced) credential (§6.1.3). */
  backupEligible: boolean
  /** BS: backed up right now (§6.1.3). */
  backedUp: boolean
  /** The known transports (§5.8.4) the browser reported; hints for `allowCredentials`. */
  transports: string[]
  userVerified: boolean
  /** The authenticator model (§6.5.1), as a UUID; all zeros when the client hid it. */
  aaguid: string
  attestation: AttestationType
}

const TRANSPORTS = new Set(['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'])

/** Known transports only, deduplicated; unknown names are dropped (§5.8.4 is open-ended). */
function readTransports(value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) {
    throw new WebAuthnError('malformed', 'response.transports is not a list of strings')
  }
  return [...new Set(value.filter((t) => TRANSPORTS.has(t)))]
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * Verifies a registration response, in the order of §7.1: client data (type
 * `webauthn.create`, challenge, origin, no cross-origin), then the attestation object's
 * authenticator data (RP ID hash, UP, UV when required, BE/BS), the attested credential (id
 * equal to `rawId`, a supported and importable key) and the attestation statement (`none`, or
 * `packed` self attestation). Throws `WebAuthnError` with a stable `reason` on any refusal.
 */
export async function verifyRegistration(
  response: RegistrationResponseJSON,
  expected: ExpectedCeremony,
): Promise<VerifiedRegistration> {
  const credential = objectField(response, 'credential')
  const body = objectField(credential.response, 'response')
  if (credential.type !== 'public-key')
    throw new WebAuthnError('malformed', 'type is not public-key')
  const rawId = base64urlField(credential.rawId, 'rawId')
  if (rawId.length === 0) throw new WebAuthnError('malformed', 'rawId is empty')
  if (credential.id !== credential.rawId)
    throw new WebAuthnError('credential_id_mismatch', 'id is not rawId')
  const clientDataJSON = base64urlField(body.clientDataJSON, 'clientDataJSON')
  checkClientData(clientDataJSON, { type: 'webauthn.create', ...expected })
  const clientDataHash = await sha256(clientDataJSON)
  const attestation = parseAttestationObject(
    base64urlField(body.attestationObject, 'attestationObject'),
  )
  const authData = parseAuthenticatorData(attestation.authData)
  await checkAuthenticatorData(authData, expected)
  const attested = authData.attestedCredential
  if (attested === undefined) throw new WebAuthnError('malformed', 'no attested credential data')
  if (!sameBytes(attested.credentialId, rawId)) throw new WebAuthnError('credential_id_mismatch')
  const key = await importCoseKey(attested.publicKey)
  const attestationType = await verifyAttestationStatement(attestation, clientDataHash, key)
  return {
    credentialId: b64url(attested.credentialId),
    publicKey: b64url(attested.publicKeyBytes),
    algorithm: key.algorithm,
    signCount: authData.signCount,
    backupEligible: authData.backupEligible,
    backedUp: authData.backedUp,
    transports: readTransports(body.transports),
    userVerified: authData.userVerified,
    aaguid: formatUuid(attested.aaguid),
    attestation: attestationType,
  }
}
