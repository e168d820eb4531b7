/** What createAuthClient takes and gives (create-auth-client.ts builds it). */
import type { WebAuthnCeremonies } from './browser-webauthn.ts'
import type { Answer } from './client-error.ts'
import type { CompleteMfaInput } from './mfa.ts'
import type { RefreshTokenStorage } from './storage.ts'
import type {
  Api,
  AuthMode,
  AuthState,
  DeleteAccountInput,
  FetchLike,
  LoginInput,
  PasskeySummary,
  Profile,
  RegisterInput,
  RegisterPasskeyInput,
  ResetPasswordInput,
} from './types.ts'

/** register() when the address must be verified first: nothing signed in yet, a link is mailed. */
export interface VerificationSent {
  status: 'verification_sent'
}

export interface AuthClientOptions {
  /** The service's origin (and base path), e.g. `https://auth.example.com`. */
  baseUrl: string
  /** `cookie` for browsers against a server with AUTH_COOKIE=on; `bearer` everywhere else. */
  mode: AuthMode
  fetch?: FetchLike
  /** Called on sign-in, on each refresh and on sign-out (with `null`). */
  onChange?: (state: AuthState | null) => void
  /** Bearer mode only: where the refresh token is kept (memory by default). */
  storage?: RefreshTokenStorage
  /**
   * Origins of your own APIs that `fetch` may send the access token to, e.g.
   * `['https://api.example.com']`. The service's own origin is always one; any other URL is
   * fetched without the token, so a link to somewhere else never leaks it.
   */
  apiOrigins?: string[]
  /** Runs passkey ceremonies; default: this browser's `navigator.credentials`. */
  webauthn?: WebAuthnCeremonies
}

/**
 * Every method that signs in (register, login, completeMfa, resetPassword, verifyEmail,
 * loginWithPasskey) adopts the token pair: the access token in memory, the refresh token in the
 * HttpOnly cookie (cookie mode) or the storage (bearer mode). Failures reject with an
 * AuthClientError carrying the server's `code`.
 */
export interface AuthClient {
  readonly mode: AuthMode
  /** The current user and access token, or `null` when signed out. */
  readonly state: AuthState | null
  /**
   * Creates the account and signs in; with REQUIRE_EMAIL_VERIFICATION=on the server starts no
   * session and answers `{status: 'verification_sent'}` (the same for a taken address): the
   * mailed link (verifyEmail) signs in.
   */
  register(input: RegisterInput): Promise<AuthState | VerificationSent>
  /**
   * Checks the password. With a second factor on, rejects with 403 `mfa_required` whose details
   * carry `mfaToken` and `methods` (see isMfaRequired): then call `completeMfa`.
   */
  login(input: LoginInput): Promise<AuthState>
  /** The second step of a login: the mfaToken with a code, a recovery code or a passkey. */
  completeMfa(input: CompleteMfaInput): Promise<AuthState>
  /** Signs in with a passkey of this device or a phone (a discoverable credential). */
  loginWithPasskey(): Promise<AuthState>
  /**
   * Uses a password-reset link's token: sets the password, ends every other session, signs in.
   * With TOTP on, rejects with `mfa_required` (no mfaToken) until `code` or `recoveryCode` is given.
   */
  resetPassword(input: ResetPasswordInput): Promise<AuthState>
  /** Uses a verification or email-change link's token: proves the address, signs in. */
  verifyEmail(token: string): Promise<AuthState>
  /** Exchanges the refresh token (cookie or stored) for a new pair; on load, restores a session. */
  refresh(): Promise<AuthState>
  /** Ends this session (or, with `everywhere`, all of the user's sessions); always signs out locally. */
  logout(options?: { everywhere?: boolean }): Promise<void>
  me(): Promise<Profile>
  /**
   * Creates a passkey for the signed-in user and stores it. The password (and, with TOTP on, a
   * code; else 403 `mfa_required`) is checked first, then the browser asks the user; the
   * account's address is told by mail.
   */
  registerPasskey(input: RegisterPasskeyInput): Promise<PasskeySummary>
  /** Deletes the account and everything stored about it, then signs out locally. */
  deleteAccount(input: DeleteAccountInput): Promise<void>
  /** `fetch` with the access token, refresh on 401 and one retry; never throws for an HTTP status. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** hono/client for every route, through `fetch` above: typed bodies and answers (see unwrap). */
  readonly api: Api
}

/** What the method groups of the client share (create-auth-client.ts builds it). */
export interface ClientCore {
  /** Routes that need no access token (sign-in steps), cookies included in cookie mode. */
  anonymous: Api
  /** Every route with the access token, refresh and retry. */
  api: Api
  /** Takes a token-pair answer and makes it the signed-in state. */
  adopt(answer: Promise<Answer>): Promise<AuthState>
  signOutLocally(): Promise<void>
  webauthn: WebAuthnCeremonies
}
