/**
 * Passkeys (WebAuthn Level 3), the public surface: build the options, verify what the browser
 * sends back. Pure functions over plain values: no routes, no storage, no Hono. The caller
 * keeps each challenge until it is used once, stores the verified credential, and maps a
 * `WebAuthnError` to its answer (a 400 naming the reason for a refused registration, one
 * `invalid_credentials` for any refused login).
 */
export type { AttestationType } from './attestation-statement.ts'
export { COSE_ALGORITHMS, type CoseAlgorithm } from './cose-key.ts'
export {
  type AuthenticationResponseJSON,
  type StoredCredential,
  type VerifiedAssertion,
  verifyAssertion,
} from './webauthn-assertion.ts'
export type { ExpectedCeremony } from './webauthn-ceremony.ts'
export { WEBAUTHN_REASONS, WebAuthnError, type WebAuthnReason } from './webauthn-error.ts'
export {
  type AuthenticationOptionsInput,
  type CredentialDescriptorJSON,
  createAuthenticationOptions,
  createRegistrationOptions,
  DEFAULT_TIMEOUT_MS,
  type KnownCredential,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationOptionsInput,
  type Requirement,
} from './webauthn-options.ts'
export {
  type RegistrationResponseJSON,
  type VerifiedRegistration,
  verifyRegistration,
} from './webauthn-registration.ts'
