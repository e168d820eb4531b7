/**
 * createAuthClient: register, log in, refresh, log out and call the API with the access token,
 * in cookie mode (browsers: the refresh token lives in an HttpOnly cookie) or bearer mode (the
 * client holds the refresh token). Authenticated calls refresh and retry once on 401 (authed.ts).
 */
import { hc } from 'hono/client'
import type { App } from '../app.ts'
import { createAuthedFetch, createRefresh } from './authed-fetch.ts'
import { errorFromResponse } from './client-error.ts'
import { createSession } from './session.ts'
import { memoryStorage, type RefreshTokenStorage } from './storage.ts'
import { transport } from './transport.ts'
import type {
  Api,
  AuthMode,
  AuthState,
  FetchLike,
  LoginInput,
  Profile,
  RegisterInput,
} from './types.ts'

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
}

export interface AuthClient {
  readonly mode: AuthMode
  /** The current user and access token, or `null` when signed out. */
  readonly state: AuthState | null
  register(input: RegisterInput): Promise<AuthState>
  login(input: LoginInput): Promise<AuthState>
  /** Exchanges the refresh token (cookie or stored) for a new pair; on load, restores a session. */
  refresh(): Promise<AuthState>
  /** Ends this session (or, with `everywhere`, all of the user's sessions); always signs out locally. */
  logout(options?: { everywhere?: boolean }): Promise<void>
  me(): Promise<Profile>
  /** `fetch` with the access token, refresh on 401 and one retry; never throws for an HTTP status. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>
  /** hono/client for every route, through `fetch` above: typed bodies and answers. */
  readonly api: Api
}

/** Creates a client; see AuthClientOptions. */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const { mode } = options
  const serviceOrigin = new URL(options.baseUrl).origin
  const send = transport(options.mode, options.fetch, serviceOrigin)
  const session = createSession(mode, options.storage ?? memoryStorage(), options.onChange)
  const anonymous = hc<App>(options.baseUrl, { fetch: send })

  const refresh = createRefresh(mode, session, anonymous, `edge-auth refresh ${options.baseUrl}`)
  const bearerOrigins = new Set([serviceOrigin, ...(options.apiOrigins ?? []).map(originOf)])
  const authedFetch = createAuthedFetch(options.baseUrl, send, session, refresh, bearerOrigins)
  const api = hc<App>(options.baseUrl, { fetch: authedFetch })

  return {
    mode,
    api,
    get state() {
      return session.current
    },
    register: async (input) => session.adopt(await anonymous.auth.register.$post({ json: input })),
    login: async (input) => session.adopt(await anonymous.auth.login.$post({ json: input })),
    refresh,
    async logout({ everywhere = false } = {}) {
      try {
        const res = everywhere
          ? await api.auth.logout.$post({ query: { scope: 'all' }, json: {} })
          : await logoutThis(anonymous, await session.refreshToken(), mode)
        if (res && !res.ok) throw await errorFromResponse(res)
      } finally {
        await session.clear()
      }
    },
    async me() {
      const res = await api.auth.me.$get()
      if (!res.ok) throw await errorFromResponse(res)
      return (await res.json()).user
    },
    fetch: authedFetch,
  }
}

const originOf = (url: string) => new URL(url).origin

/** POST /auth/logout for this session; a bearer client without a refresh token has nothing to end. */
async function logoutThis(api: Api, refreshToken: string | null, mode: AuthMode) {
  if (mode === 'bearer' && !refreshToken) return undefined
  return api.auth.logout.$post({ query: {}, json: refreshToken ? { refreshToken } : {} })
}
