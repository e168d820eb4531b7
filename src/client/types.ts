/**
 * The request and response types of the API, read from the app itself through hono/client, so
 * the client cannot drift from the routes (and a route change that breaks it fails typecheck).
 */
/// <reference path="./runtime-types.d.ts" />
import type { hc, InferRequestType, InferResponseType } from 'hono/client'
import type { App } from '../app.ts'

/** hono/client's typed view of every route of the service. */
export type Api = ReturnType<typeof hc<App>>

/** A token-pair answer: `{token, refreshToken?, expiresIn, user}`; no `refreshToken` in cookie mode. */
export type TokenPair = InferResponseType<Api['auth']['login']['$post'], 200>

/** `{id, email, role}`: the user as a token pair describes them. */
export type SessionUser = TokenPair['user']

/** `GET /auth/me`: `{id, email, role, name, createdAt}`. */
export type Profile = InferResponseType<Api['auth']['me']['$get'], 200>['user']

export type RegisterInput = InferRequestType<Api['auth']['register']['$post']>['json']
export type LoginInput = InferRequestType<Api['auth']['login']['$post']>['json']

/** What the client knows while signed in. */
export interface AuthState {
  user: SessionUser
  /** The access token (a JWT), kept in memory only. */
  token: string
  /** Milliseconds since the epoch, by this machine's clock. */
  expiresAt: number
}

export type AuthMode = 'cookie' | 'bearer'

/** The subset of `fetch` the client uses (a test can pass `app.request`). */
export type FetchLike = (
  input: string | URL | Request,
  init?: RequestInit,
) => Response | Promise<Response>

/** `POST /auth/login/mfa`: `{mfaToken, code}`, `{mfaToken, recoveryCode}` or `{mfaToken, passkey}`. */
export type MfaLoginBody = InferRequestType<Api['auth']['login']['mfa']['$post']>['json']

/** `POST /auth/password/reset`: the link's token, the new password, a code when TOTP is on. */
export type ResetPasswordInput = InferRequestType<Api['auth']['password']['reset']['$post']>['json']

/** `DELETE /auth/account`: the password, and a code when TOTP is on. */
export type DeleteAccountInput = InferRequestType<Api['auth']['account']['$delete']>['json']

/**
 * `registerPasskey`: the password, and a code or recovery code when TOTP is on (re-checked
 * before the browser is asked to create anything), and the passkey's name.
 */
export type RegisterPasskeyInput = InferRequestType<
  Api['auth']['passkeys']['register']['options']['$post']
>['json'] & { name?: string }

/** WebAuthn Level 3 `PublicKeyCredentialCreationOptionsJSON`, as the service fills it. */
export type PasskeyCreationOptionsJSON = InferResponseType<
  Api['auth']['passkeys']['register']['options']['$post'],
  200
>

/** WebAuthn Level 3 `PublicKeyCredentialRequestOptionsJSON`. */
export type PasskeyRequestOptionsJSON = InferResponseType<
  Api['auth']['passkeys']['login']['options']['$post'],
  200
>

/** WebAuthn Level 3 `RegistrationResponseJSON` (what `credential.toJSON()` gives after create). */
export type RegistrationResponseJSON = InferRequestType<
  Api['auth']['passkeys']['register']['$post']
>['json']['response']

/** WebAuthn Level 3 `AuthenticationResponseJSON` (what `credential.toJSON()` gives after get). */
export type AuthenticationResponseJSON = InferRequestType<
  Api['auth']['passkeys']['login']['$post']
>['json']['response']

/** A stored passkey as its owner sees it: `{id, name, createdAt, lastUsedAt, backedUp, transports}`. */
export type PasskeySummary = InferResponseType<
  Api['auth']['passkeys']['$get'],
  200
>['passkeys'][number]
