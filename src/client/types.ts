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
