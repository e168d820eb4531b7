/**
 * `edge-auth/client`: a typed browser and server client for the service (hono/client types read
 * from the app itself). TypeScript source, for bundlers (esbuild, Vite, wrangler).
 */

export type {
  AuthClient,
  AuthClientOptions,
  VerificationSent,
} from './client/auth-client.ts'
export { browserWebAuthn, type WebAuthnCeremonies } from './client/browser-webauthn.ts'
export { AuthClientError, type ClientErrorCode, type ErrorBody } from './client/client-error.ts'
export { createAuthClient } from './client/create-auth-client.ts'
export {
  type CompleteMfaInput,
  isMfaRequired,
  type MfaChallenge,
  type MfaMethod,
} from './client/mfa.ts'
export { memoryStorage, type RefreshTokenStorage } from './client/storage.ts'
export type {
  Api,
  AuthenticationResponseJSON,
  AuthMode,
  AuthState,
  DeleteAccountInput,
  FetchLike,
  LoginInput,
  PasskeyCreationOptionsJSON,
  PasskeyRequestOptionsJSON,
  PasskeySummary,
  Profile,
  RegisterInput,
  RegisterPasskeyInput,
  RegistrationResponseJSON,
  ResetPasswordInput,
  SessionUser,
  TokenPair,
} from './client/types.ts'
export { unwrap } from './client/unwrap.ts'
