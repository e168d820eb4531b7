/** The signed-in state of one client: the access token in memory, the refresh token per mode. */
import { type Answer, AuthClientError, errorFromResponse } from './client-error.ts'
import type { RefreshTokenStorage } from './storage.ts'
import type { AuthMode, AuthState, TokenPair } from './types.ts'

export interface Session {
  readonly current: AuthState | null
  /** Changes on every sign-in and sign-out, so a refresh that was overtaken can tell. */
  readonly epoch: number
  /** Takes a token-pair answer (or throws its error) and makes it the current state. */
  adopt(res: Answer, epoch?: number): Promise<AuthState>
  /** Signs out locally: forgets both tokens. */
  clear(): Promise<void>
  refreshToken(): Promise<string | null>
}

export function createSession(
  mode: AuthMode,
  storage: RefreshTokenStorage,
  onChange: ((state: AuthState | null) => void) | undefined,
): Session {
  let state: AuthState | null = null
  let epoch = 0
  const publish = (next: AuthState | null) => {
    state = next
    onChange?.(next)
  }
  return {
    get current() {
      return state
    },
    get epoch() {
      return epoch
    },
    async adopt(res, startedAt) {
      if (!res.ok) throw await errorFromResponse(res)
      const pair = (await res.json()) as TokenPair
      if (startedAt !== undefined && startedAt !== epoch) return overtaken(state)
      // In cookie mode the server keeps the refresh token in an HttpOnly cookie; a body that
      // carries one anyway is ignored, never stored by script.
      if (mode === 'bearer') await storage.set(pair.refreshToken ?? null)
      else if (pair.refreshToken !== undefined) warnNotCookieMode()
      epoch += 1
      publish({
        user: pair.user,
        token: pair.token,
        expiresAt: Date.now() + pair.expiresIn * 1000,
      })
      return state as AuthState
    },
    async clear() {
      epoch += 1
      if (mode === 'bearer') await storage.set(null)
      if (state !== null) publish(null)
    },
    async refreshToken() {
      return mode === 'bearer' ? storage.get() : null
    },
  }
}

/** A refresh that finished after a logout or a new login: the newer state wins. */
function overtaken(state: AuthState | null): AuthState {
  if (state) return state
  throw new AuthClientError(401, { error: 'Signed out', code: 'invalid_token' })
}

let warned = false

/** A reload will sign the user out: the server answered as if cookie mode were off. */
function warnNotCookieMode(): void {
  if (warned) return
  warned = true
  console.warn(
    'edge-auth/client: cookie mode, but the server sent the refresh token in the body ' +
      '(is AUTH_COOKIE=on on the server?). It was ignored; sessions will not survive a reload.',
  )
}
