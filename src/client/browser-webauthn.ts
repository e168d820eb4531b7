/**
 * The browser's half of a passkey ceremony, in WebAuthn Level 3's JSON forms: the service's
 * options JSON goes through `PublicKeyCredential.parseCreationOptionsFromJSON` /
 * `parseRequestOptionsFromJSON` into `navigator.credentials.create` / `get`, and the credential
 * comes back as `credential.toJSON()`, which is what the service verifies. No base64 handling of
 * our own: the browser owns the encoding (Chromium 129+, Firefox 119+, Safari 18.4+).
 */
import type {
  AuthenticationResponseJSON,
  PasskeyCreationOptionsJSON,
  PasskeyRequestOptionsJSON,
  RegistrationResponseJSON,
} from './types.ts'

/** Runs the ceremonies; AuthClientOptions.webauthn replaces it (tests, native shells). */
export interface WebAuthnCeremonies {
  create(options: PasskeyCreationOptionsJSON): Promise<RegistrationResponseJSON>
  get(options: PasskeyRequestOptionsJSON): Promise<AuthenticationResponseJSON>
}

/**
 * The parts of the DOM's Credential Management and WebAuthn APIs used here, declared so the
 * client also type-checks without the DOM library (Workers, Node).
 */
interface PublicKeyCredentialStatics {
  parseCreationOptionsFromJSON(options: unknown): unknown
  parseRequestOptionsFromJSON(options: unknown): unknown
}
interface CredentialsContainerLike {
  create(options: { publicKey: unknown }): Promise<{ toJSON(): unknown } | null>
  get(options: { publicKey: unknown }): Promise<{ toJSON(): unknown } | null>
}

function browserApis(): {
  statics: PublicKeyCredentialStatics
  container: CredentialsContainerLike
} {
  const scope = globalThis as {
    PublicKeyCredential?: Partial<PublicKeyCredentialStatics>
    navigator?: { credentials?: CredentialsContainerLike }
  }
  const statics = scope.PublicKeyCredential
  const container = scope.navigator?.credentials
  if (!statics?.parseCreationOptionsFromJSON || !statics.parseRequestOptionsFromJSON || !container)
    throw new Error('This browser cannot use passkeys here (no WebAuthn Level 3 JSON support)')
  return { statics: statics as PublicKeyCredentialStatics, container }
}

/** A refused or cancelled prompt rejects with the browser's DOMException (`NotAllowedError`). */
function credentialOf<T>(credential: { toJSON(): unknown } | null): T {
  if (!credential) throw new Error('The browser returned no passkey')
  return credential.toJSON() as T
}

/** The ceremonies of the browser this runs in (navigator.credentials). */
export const browserWebAuthn: WebAuthnCeremonies = {
  async create(options) {
    const { statics, container } = browserApis()
    const publicKey = statics.parseCreationOptionsFromJSON(options)
    return credentialOf(await container.create({ publicKey }))
  },
  async get(options) {
    const { statics, container } = browserApis()
    const publicKey = statics.parseRequestOptionsFromJSON(options)
    return credentialOf(await container.get({ publicKey }))
  },
}
