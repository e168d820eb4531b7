/**
 * A software authenticator and client for tests: real ES256, EdDSA and RS256 keys from Web
 * Crypto, and the `RegistrationResponseJSON` / `AuthenticationResponseJSON` a browser would send
 * (WebAuthn Level 3 §5.1), byte for byte in the formats of §6.1, §6.5.1, §6.5.4 and §5.8.1.
 * Every check of the verifier has a knob here that breaks exactly that check.
 */
import { b64url } from '../../src/auth/base64.ts'
import type { AuthenticationResponseJSON } from '../../src/auth/webauthn/webauthn-assertion.ts'
import type { RegistrationResponseJSON } from '../../src/auth/webauthn/webauthn-registration.ts'
import {
  attestedCredentialData,
  authenticatorData,
  clientDataJSON,
  concat,
  type SoftCeremony,
  type SoftKnobs,
  sha256,
} from '../auth/webauthn/soft-authenticator-data.ts'
import {
  COSE_ALG,
  newCredentialKey,
  type SoftAlgorithm,
  signAs,
} from '../auth/webauthn/soft-credential-keys.ts'
import { type CborInputMap, encodeCbor } from '../auth/webauthn/test-encoders.ts'

export type { SoftAlgorithm, SoftCeremony, SoftKnobs }

export interface SoftCredential {
  id: Uint8Array<ArrayBuffer>
  algorithm: SoftAlgorithm
  privateKey: CryptoKey
  /** The COSE_Key as the authenticator encodes it. */
  coseKey: CborInputMap
  /** The last counter value used; 0 forever for a synced passkey (`synced: true`). */
  signCount: number
  counting: boolean
  backupEligible: boolean
  userHandle: Uint8Array<ArrayBuffer>
}

export interface SoftRegistrationKnobs extends SoftKnobs {
  /** `none` (default), `packed` self attestation, or any statement given as is. */
  attestation?: 'none' | 'packed-self' | { fmt: string; attStmt: CborInputMap }
  /** Changes the COSE key written into the attested credential data. */
  editCoseKey?: (key: CborInputMap) => void
  /** Changes the packed self-attestation statement after it is signed. */
  editAttStmt?: (attStmt: CborInputMap) => void
  /** The credential id written in the authenticator data, if not the credential's. */
  authDataCredentialId?: Uint8Array
  /**
   * Registers this existing credential (same id and key) again, as an authenticator that was
   * asked to ignore excludeCredentials would: the relying party must refuse a known id.
   */
  reuse?: SoftCredential
}

export interface SoftAssertionKnobs extends SoftKnobs {
  /** The counter to sign, instead of the next one. */
  signCount?: number
  /** `raw` sends ES256 signatures as P1363 `r || s` instead of DER. */
  signatureFormat?: 'der' | 'raw'
  /** Changes the signature bytes after signing. */
  editSignature?: (signature: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>
  /** Sends attested credential data in an assertion (AT set). */
  attestedData?: boolean
  /** The user handle to return; `null` for none. */
  userHandle?: string | null
}

/** The members every PublicKeyCredential JSON has (§5.1), around its `response`. */
const envelope = (id: Uint8Array) => ({
  id: b64url(id),
  rawId: b64url(id),
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: {},
})

async function attestationStatement(
  credential: SoftCredential,
  signed: Uint8Array<ArrayBuffer>,
  knobs: SoftRegistrationKnobs,
): Promise<{ fmt: string; attStmt: CborInputMap }> {
  const attestation = knobs.attestation ?? 'none'
  if (attestation === 'none') return { fmt: 'none', attStmt: new Map() }
  if (attestation !== 'packed-self') return attestation
  const sig = await signAs(credential.algorithm, credential.privateKey, signed)
  const attStmt: CborInputMap = new Map<string, number | Uint8Array>([
    ['alg', COSE_ALG[credential.algorithm]],
    ['sig', sig],
  ])
  knobs.editAttStmt?.(attStmt)
  return { fmt: 'packed', attStmt }
}

/**
 * Creates a credential and the registration response a browser would send for it. A `synced`
 * credential (the default) is backup eligible and backed up, and keeps its counter at 0, like
 * iCloud Keychain or Google Password Manager; otherwise it counts, like a security key.
 */
export async function softRegister(
  ceremony: SoftCeremony,
  options: { algorithm?: SoftAlgorithm; synced?: boolean } & SoftRegistrationKnobs = {},
): Promise<{ response: RegistrationResponseJSON; credential: SoftCredential }> {
  const algorithm = options.reuse?.algorithm ?? options.algorithm ?? 'ES256'
  const synced = options.reuse ? options.reuse.backupEligible : (options.synced ?? true)
  const credential: SoftCredential = options.reuse ?? {
    id: crypto.getRandomValues(new Uint8Array(32)),
    algorithm,
    ...(await newCredentialKey(algorithm)),
    userHandle: crypto.getRandomValues(new Uint8Array(16)),
    signCount: 0,
    counting: !synced,
    backupEligible: synced,
  }
  const { id, coseKey } = credential
  const writtenKey = new Map(coseKey)
  options.editCoseKey?.(writtenKey)
  const attested = attestedCredentialData(options.authDataCredentialId ?? id, writtenKey)
  const state = { signCount: 0, backupEligible: synced, attested }
  const authData = await authenticatorData(ceremony, options, state)
  const clientData = clientDataJSON('webauthn.create', ceremony, options)
  const signed = concat(authData, await sha256(clientData))
  const { fmt, attStmt } = await attestationStatement(credential, signed, options)
  const attestationObject = encodeCbor(
    new Map<string, string | CborInputMap | Uint8Array>([
      ['fmt', fmt],
      ['attStmt', attStmt],
      ['authData', authData],
    ]),
  )
  const response: RegistrationResponseJSON = {
    ...envelope(id),
    response: {
      clientDataJSON: b64url(clientData),
      attestationObject: b64url(attestationObject),
      transports: ['internal', 'hybrid'],
    },
  }
  return { response, credential }
}

/** Signs an assertion with a credential, as `navigator.credentials.get()` would return it. */
export async function softAssert(
  credential: SoftCredential,
  ceremony: SoftCeremony,
  knobs: SoftAssertionKnobs = {},
): Promise<AuthenticationResponseJSON> {
  if (credential.counting) credential.signCount += 1
  const signCount = knobs.signCount ?? credential.signCount
  const attested = knobs.attestedData
    ? attestedCredentialData(credential.id, credential.coseKey)
    : undefined
  const state = { signCount, backupEligible: credential.backupEligible, attested }
  const authData = await authenticatorData(ceremony, knobs, state)
  const clientData = clientDataJSON('webauthn.get', ceremony, knobs)
  const signed = concat(authData, await sha256(clientData))
  let signature = await signAs(
    credential.algorithm,
    credential.privateKey,
    signed,
    knobs.signatureFormat,
  )
  if (knobs.editSignature) signature = knobs.editSignature(signature)
  const userHandle =
    knobs.userHandle === undefined ? b64url(credential.userHandle) : knobs.userHandle
  return {
    ...envelope(credential.id),
    response: {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle,
    },
  }
}

/** The record registration stores for a soft credential, with the counter last stored. */
export function storedCredential(credential: SoftCredential, signCount = 0) {
  return {
    id: b64url(credential.id),
    publicKey: b64url(encodeCbor(credential.coseKey)),
    algorithm: COSE_ALG[credential.algorithm],
    signCount,
  }
}
