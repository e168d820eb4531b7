/**
 * Authenticated calls: the access token on every request; on 401 one refresh, shared by every
 * call that is waiting for it (single flight), then exactly one retry.
 */

import { AuthClientError } from './client-error.ts'
import type { Session } from './session.ts'
import { singleFlight } from './single-flight.ts'
import { originIn, replayable, replayableRequest, withBearer } from './transport.ts'
import type { Api, AuthMode, AuthState, FetchLike } from './types.ts'

/** The part of the Web Locks API used here (browsers; absent in Workers and older runtimes). */
interface Locks {
  request<T>(name: string, run: () => Promise<T>): Promise<T>
}

/**
 * Runs `run` while holding a lock shared by every tab of this origin (Web Locks API, as
 * supabase auth-js does), so tabs never race one refresh token: with rotation, the loser of such
 * a race presents a token that was just rotated, which outside the reuse interval ends the
 * session (README, "Sessions"). Without Web Locks it just runs.
 */
function acrossTabs<T>(name: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks
  return locks ? locks.request(name, run) : run()
}

/**
 * POST /auth/refresh with the cookie (cookie mode) or the stored token (bearer mode): single
 * flight within this page, one at a time across tabs.
 */
export function createRefresh(
  mode: AuthMode,
  session: Session,
  api: Api,
  lockName: string,
): () => Promise<AuthState> {
  return singleFlight(() =>
    acrossTabs(lockName, async () => {
      const startedAt = session.epoch
      const refreshToken = await session.refreshToken()
      if (mode === 'bearer' && !refreshToken) throw notSignedIn()
      const res = await api.auth.refresh.$post({ json: refreshToken ? { refreshToken } : {} })
      try {
        return await session.adopt(res, startedAt)
      } catch (error) {
        // The session is over (expired, revoked, reused): sign out. Other failures (429, 503,
        // offline) leave the state alone so a later call can try again.
        if (error instanceof AuthClientError && error.status === 401) await session.clear()
        throw error
      }
    }),
  )
}

/**
 * `fetch` with `Authorization: Bearer`, refreshing once on 401, for URLs on `bearerOrigins`
 * (the service's own and the caller's APIs); any other URL is fetched without the token.
 */
export function createAuthedFetch(
  baseUrl: string,
  send: FetchLike,
  session: Session,
  refresh: () => Promise<AuthState>,
  bearerOrigins: Set<string>,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  /** The token to retry with: a newer one if another call already refreshed, else a refresh. */
  async function tokenAfter(sent: string | undefined): Promise<string> {
    const current = session.current?.token
    if (current && current !== sent) return current
    return (await refresh()).token
  }

  return async (input, requestInit) => {
    const { url, init } = await replayableRequest(baseUrl, input, requestInit)
    if (!originIn(bearerOrigins, url)) return send(url, init)
    const sent = session.current?.token
    const first = await send(url, withBearer(init, sent))
    if (first.status !== 401 || !replayable(init.body)) return first
    let token: string
    try {
      token = await tokenAfter(sent)
    } catch (error) {
      // No session to refresh: the caller gets the original 401.
      if (error instanceof AuthClientError && error.status === 401) return first
      throw error
    }
    await first.body?.cancel()
    // Exactly one retry: a 401 now is the answer, whatever it says; no loop.
    return send(url, withBearer(init, token))
  }
}

function notSignedIn(): AuthClientError {
  return new AuthClientError(401, { error: 'Not signed in', code: 'invalid_token' })
}
