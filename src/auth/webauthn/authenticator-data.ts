/**
 * Authenticator data (WebAuthn Level 3 §6.1): the bytes the authenticator signs, laid out as
 *
 *   rpIdHash (32) | flags (1) | signCount (4, big-endian) | attestedCredentialData? | extensions?
 *
 * with attested credential data (§6.5.1) = aaguid (16) | credentialIdLength (2) | credentialId |
 * credentialPublicKey (a COSE_Key in CBOR, self-delimiting). Extensions are one CBOR map. The
 * structure describes its own length (§6.1, the note after the table), so a byte left over, a
 * flag without its data or data without its flag is `malformed`: nothing unsigned hides in it.
 */
import { type CborMap, decodeCborPrefix, expectCborMap } from './cbor-decode.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** Flag bits (§6.1, the flags row). Bits 1 and 5 are reserved and ignored, as RPs may. */
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const

/** §6.5.1: credentialIdLength "MUST be <= 1023"; §7.1 says to fail registration beyond it. */
export const MAX_CREDENTIAL_ID_BYTES = 1023

const HEADER_BYTES = 37
const AAGUID_BYTES = 16

export interface AttestedCredentialData {
  aaguid: Uint8Array<ArrayBuffer>
  credentialId: Uint8Array<ArrayBuffer>
  /** The COSE_Key exactly as encoded: stored as is, so it can be re-read at every login. */
  publicKeyBytes: Uint8Array<ArrayBuffer>
  publicKey: CborMap
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array<ArrayBuffer>
  userPresent: boolean
  userVerified: boolean
  backupEligible: boolean
  backedUp: boolean
  signCount: number
  /** Present exactly when the AT flag is set. */
  attestedCredential: AttestedCredentialData | undefined
  /** Authenticator extension outputs (§9.5), present exactly when the ED flag is set. */
  extensions: CborMap | undefined
}

function malformed(why: string): never {
  throw new WebAuthnError('malformed', `authenticator data ${why}`)
}

function readAttestedCredential(bytes: Uint8Array, offset: number) {
  const idStart = offset + AAGUID_BYTES + 2
  if (bytes.length < idStart) malformed('is too short for attested credential data')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const idLength = view.getUint16(offset + AAGUID_BYTES)
  if (idLength > MAX_CREDENTIAL_ID_BYTES) malformed('has a credential id over 1023 bytes')
  const keyStart = idStart + idLength
  if (bytes.length < keyStart) malformed('is too short for its credential id')
  const { value, end } = decodeCborPrefix(bytes, keyStart)
  const credential: AttestedCredentialData = {
    aaguid: bytes.slice(offset, offset + AAGUID_BYTES),
    credentialId: bytes.slice(idStart, keyStart),
    publicKeyBytes: bytes.slice(keyStart, end),
    publicKey: expectCborMap(value, 'credentialPublicKey'),
  }
  return { credential, end }
}

/** Parses authenticator data; throws `WebAuthnError('malformed')` for any inconsistency. */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.length < HEADER_BYTES) malformed(`is shorter than ${HEADER_BYTES} bytes`)
  const flags = bytes[32] as number
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = HEADER_BYTES
  let attestedCredential: AttestedCredentialData | undefined
  if (flags & FLAG.AT) {
    const read = readAttestedCredential(bytes, offset)
    attestedCredential = read.credential
    offset = read.end
  }
  let extensions: CborMap | undefined
  if (flags & FLAG.ED) {
    const read = decodeCborPrefix(bytes, offset)
    extensions = expectCborMap(read.value, 'extensions')
    offset = read.end
  }
  if (offset !== bytes.length) malformed('has bytes that no flag accounts for')
  return {
    rpIdHash: bytes.slice(0, 32),
    userPresent: (flags & FLAG.UP) !== 0,
    userVerified: (flags & FLAG.UV) !== 0,
    backupEligible: (flags & FLAG.BE) !== 0,
    backedUp: (flags & FLAG.BS) !== 0,
    signCount: view.getUint32(33),
    attestedCredential,
    extensions,
  }
}
