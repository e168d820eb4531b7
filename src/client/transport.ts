/** Request plumbing of the client: the transport, URLs, the bearer header, replayable bodies. */
import { networkError } from './client-error.ts'
import type { AuthMode, FetchLike } from './types.ts'

/** The URL a fetch input points at. */
export const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : String(input)

/** Whether a URL belongs to one of `origins` (exact origins; a relative URL never does). */
export function originIn(origins: Set<string>, url: string): boolean {
  try {
    return origins.has(new URL(url).origin)
  } catch {
    return false
  }
}

/**
 * The caller's fetch, turning "no answer" into an AuthClientError. In cookie mode, requests to
 * the service's own origin carry the browser's credentials (the refresh cookie, cross-origin
 * too); nothing else does (OWASP HTML5 Security Cheat Sheet: credentials only where needed).
 */
export function transport(
  mode: AuthMode,
  fetch: FetchLike | undefined,
  serviceOrigin: string,
): FetchLike {
  // Called as a plain function: browsers refuse `fetch` called with another object as `this`.
  const base: FetchLike = fetch ?? ((input, init) => globalThis.fetch(input, init))
  const own = new Set([serviceOrigin])
  // (Workers' RequestInit type lacks `credentials`; browsers, Node and Deno honour it.)
  const credentials = { credentials: 'include' } as RequestInit
  return async (input, init) => {
    const withCookie = mode === 'cookie' && originIn(own, urlOf(input))
    try {
      return await base(input, withCookie ? { ...init, ...credentials } : init)
    } catch (cause) {
      if (cause instanceof Error && cause.name === 'AbortError') throw cause
      throw networkError(cause)
    }
  }
}

function resolve(baseUrl: string, path: string | URL): string {
  const text = String(path)
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return text
  return `${baseUrl.replace(/\/+$/, '')}/${text.replace(/^\/+/, '')}`
}

export function withBearer(init: RequestInit, token: string | undefined): RequestInit {
  const headers = new Headers(init.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  return { ...init, headers }
}

/** A stream body is consumed by the first attempt and cannot be sent again. */
export function replayable(body: RequestInit['body']): boolean {
  return !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
}

/**
 * The URL and init of a call, with a body that can be sent twice (a Request's stream is read
 * once into bytes), so a 401 can be retried after the refresh.
 */
export async function replayableRequest(
  baseUrl: string,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<{ url: string; init: RequestInit }> {
  if (!(input instanceof Request)) return { url: resolve(baseUrl, input), init }
  const body = input.body ? await input.arrayBuffer() : undefined
  const fromRequest: RequestInit = { method: input.method, headers: input.headers, body }
  return { url: input.url, init: { ...fromRequest, signal: input.signal, ...init } }
}
