/**
 * The options a browser passes to `navigator.credentials.create()` / `.get()`, in the JSON forms
 * of WebAuthn Level 3 §5.1.8 and §5.1.9 (`PublicKeyCredential.parseCreationOptionsFromJSON()`
 * reads them as they are). Each call draws a fresh 32-byte challenge (§13.5.3: random, at least
 * 16 bytes, kept by the RP until the ceremony ends): the caller stores `options.challenge` and
 * passes it back as `expected.challenge`, once.
 */
import { b64url } from '../base64.ts'
import { COSE_ALGORITHMS } from './cose-key.ts'

/** §15.1: the recommended default ceremony timeout, 5 minutes. */
export const DEFAULT_TIMEOUT_MS = 300_000
const CHALLENGE_BYTES = 32
/** §5.4.3: a user handle is 1 to 64 bytes. */
const MAX_USER_HANDLE_BYTES = 64

export type Requirement = 'required' | 'preferred'

/** A credential named in `excludeCredentials` or `allowCredentials` (§5.8.3). */
export interface CredentialDescriptorJSON {
  type: 'public-key'
  /** The credential id, base64url. */
  id: string
  transports?: string[]
}

/** §5.1.8 `PublicKeyCredentialCreationOptionsJSON`, the members we send. */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id: string; name: string }
  user: { id: string; name: string; displayName: string }
  challenge: string
  pubKeyCredParams: { type: 'public-key'; alg: number }[]
  timeout: number
  excludeCredentials: CredentialDescriptorJSON[]
  authenticatorSelection: {
    residentKey: Requirement
    requireResidentKey: boolean
    userVerification: Requirement
  }
  attestation: 'none'
}

/** §5.1.9 `PublicKeyCredentialRequestOptionsJSON`, the members we send. */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string
  rpId: string
  allowCredentials: CredentialDescriptorJSON[]
  userVerification: Requirement
  timeout: number
}

/** A credential the user already has: its id (base64url) and stored transports. */
export interface KnownCredential {
  id: string
  transports?: readonly string[]
}

export interface RegistrationOptionsInput {
  rp: { id: string; name: string }
  user: {
    /** The user handle (§5.4.3): 1-64 bytes, stable per account, no personal data. */
    handle: Uint8Array
    /** The account name shown by the authenticator (e.g. the email address). */
    name: string
    displayName: string
  }
  /** The user's existing credentials: the authenticator will not register a second one. */
  excludeCredentials?: readonly KnownCredential[]
  /** Default `required`: a passkey is a discoverable credential (§5.4.6). */
  residentKey?: Requirement
  /** Default `preferred`; pass `required` and then `requireUserVerification: true`. */
  userVerification?: Requirement
  timeout?: number
}

export interface AuthenticationOptionsInput {
  rpId: string
  /** The account's credentials; empty or absent for discoverable (username-less) sign-in. */
  allowCredentials?: readonly KnownCredential[]
  userVerification?: Requirement
  timeout?: number
}

const PREFERENCE = [COSE_ALGORITHMS.ES256, COSE_ALGORITHMS.EdDSA, COSE_ALGORITHMS.RS256]

const newChallenge = () => b64url(crypto.getRandomValues(new Uint8Array(CHALLENGE_BYTES)))

const descriptors = (credentials: readonly KnownCredential[] = []): CredentialDescriptorJSON[] =>
  credentials.map(({ id, transports }) => ({
    type: 'public-key',
    id,
    ...(transports && transports.length > 0 ? { transports: [...transports] } : {}),
  }))

/**
 * Creation options for registering a passkey: ES256, EdDSA and RS256 in that order of
 * preference (§5.4 `pubKeyCredParams` is ordered), no attestation (§5.4.7 `none`: we verify no
 * certificate chains), and the user's existing credentials excluded.
 */
export function createRegistrationOptions(
  input: RegistrationOptionsInput,
): PublicKeyCredentialCreationOptionsJSON {
  const { handle, name, displayName } = input.user
  if (handle.length === 0 || handle.length > MAX_USER_HANDLE_BYTES) {
    throw new RangeError(`user handle must be 1 to ${MAX_USER_HANDLE_BYTES} bytes`)
  }
  const residentKey = input.residentKey ?? 'required'
  return {
    rp: { id: input.rp.id, name: input.rp.name },
    user: { id: b64url(handle), name, displayName },
    challenge: newChallenge(),
    pubKeyCredParams: PREFERENCE.map((alg) => ({ type: 'public-key', alg })),
    timeout: input.timeout ?? DEFAULT_TIMEOUT_MS,
    excludeCredentials: descriptors(input.excludeCredentials),
    authenticatorSelection: {
      residentKey,
      // §5.4.4: kept for Level 1 clients, true exactly when residentKey is required.
      requireResidentKey: residentKey === 'required',
      userVerification: input.userVerification ?? 'preferred',
    },
    attestation: 'none',
  }
}

/** Request options for signing in with a passkey (§5.5). */
export function createAuthenticationOptions(
  input: AuthenticationOptionsInput,
): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: newChallenge(),
    rpId: input.rpId,
    allowCredentials: descriptors(input.allowCredentials),
    userVerification: input.userVerification ?? 'preferred',
    timeout: input.timeout ?? DEFAULT_TIMEOUT_MS,
  }
}
