/**
 * createAuthClient: register, log in (with a second step when the account has one), use mailed
 * links, passkeys, refresh, log out and call the API with the access token, in cookie mode
 * (browsers: the refresh token lives in an HttpOnly cookie) or bearer mode (the client holds the
 * refresh token). Authenticated calls refresh and retry once on 401 (authed-fetch.ts).
 */
import { hc } from 'hono/client'
import type { App } from '../app.ts'
import { accountMethods } from './account-methods.ts'
import type { AuthClient, AuthClientOptions, ClientCore } from './auth-client.ts'
import { createAuthedFetch, createRefresh } from './authed-fetch.ts'
import { browserWebAuthn } from './browser-webauthn.ts'
import { errorFromResponse } from './client-error.ts'
import { passkeyMethods } from './passkey-methods.ts'
import { createSession } from './session.ts'
import { memoryStorage } from './storage.ts'
import { transport } from './transport.ts'
import type { Api, AuthMode } from './types.ts'

export type { AuthClient, AuthClientOptions }

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
  const core: ClientCore = {
    anonymous,
    api,
    adopt: async (answer) => session.adopt(await answer),
    signOutLocally: () => session.clear(),
    webauthn: options.webauthn ?? browserWebAuthn,
  }

  return {
    mode,
    api,
    get state() {
      return session.current
    },
    async register(input) {
      const res = await anonymous.auth.register.$post({ json: input })
      if (res.status === 202) return { status: 'verification_sent' } as const
      return session.adopt(res)
    },
    login: (input) => core.adopt(anonymous.auth.login.$post({ json: input })),
    ...accountMethods(core),
    ...passkeyMethods(core),
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
