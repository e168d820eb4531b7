/**
 * A scripted stand-in for the service, as a fetch function: it counts calls per route and
 * accepts only the access token that the latest refresh issued.
 */
import type { FetchLike } from '../../src/client.ts'

export const USER = { id: 'u1', email: 'ada@example.com', role: 'user' }

export interface FakeServer {
  fetch: FetchLike
  calls: Record<string, number>
  /** Bodies and init of every request, for assertions on what the client sent. */
  requests: { url: string; path: string; init: RequestInit | undefined }[]
  /** The access token the server currently accepts. */
  valid: string
}

export interface FakeOptions {
  /** Answer of POST /auth/refresh; default a fresh pair. */
  refresh?: (n: number) => Response
  /** Answer of GET /auth/me and /api/*; default 200 for the valid token, else 401. */
  protectedAnswer?: (authorization: string | null, n: number) => Response
  /** Milliseconds before each answer of a protected route (the n-th call). */
  delay?: (n: number) => number
  /** Include a refreshToken in token pairs (bearer mode). */
  bodyToken?: boolean
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

export const INVALID_TOKEN = { error: 'Invalid or expired token', code: 'invalid_token' }

export function fakeServer(options: FakeOptions = {}): FakeServer {
  const server: FakeServer = { calls: {}, requests: [], valid: 'none', fetch: async () => json({}) }
  const pair = (token: string, refreshToken: string) => {
    server.valid = token
    const body = { token, expiresIn: 900, user: USER }
    return json(options.bodyToken ? { ...body, refreshToken } : body)
  }
  server.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const path = new URL(url).pathname
    const n = (server.calls[path] ?? 0) + 1
    server.calls[path] = n
    server.requests.push({ url, path, init })
    if (path === '/auth/login' || path === '/auth/register') return pair('expired', 'r0')
    if (path === '/auth/refresh') {
      await sleep(5)
      return options.refresh?.(n) ?? pair(`fresh-${n}`, `r${n}`)
    }
    if (path === '/auth/logout') return new Response(null, { status: 204 })
    await sleep(options.delay?.(n) ?? 1)
    const authorization = new Headers(init?.headers).get('authorization')
    if (options.protectedAnswer) return options.protectedAnswer(authorization, n)
    return authorization === `Bearer ${server.valid}` && server.valid !== 'expired'
      ? json({ user: { ...USER, name: null, createdAt: '2026-11-27T00:00:00.000Z' } })
      : json(INVALID_TOKEN, 401, { 'www-authenticate': 'Bearer' })
  }
  return server
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
