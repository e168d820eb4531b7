/** Single-flight refresh and retry-once, against a scripted server (fake-server.ts). */
import { describe, expect, it } from 'vitest'
import { AuthClientError, createAuthClient } from '../../src/client.ts'
import { fakeServer, INVALID_TOKEN, json, USER } from './fake-server.ts'

const BASE = 'https://auth.example.com'
const CREDENTIALS = { email: USER.email, password: 'correct horse battery staple' }

async function signedIn(
  server: ReturnType<typeof fakeServer>,
  mode: 'cookie' | 'bearer' = 'cookie',
) {
  const client = createAuthClient({ baseUrl: BASE, mode, fetch: server.fetch })
  await client.login(CREDENTIALS)
  return client
}

describe('single-flight refresh', () => {
  it('10 concurrent calls with an expired token cause exactly 1 refresh, and all succeed', async () => {
    const server = fakeServer()
    const client = await signedIn(server)
    const profiles = await Promise.all(Array.from({ length: 10 }, () => client.me()))
    expect(profiles.map((p) => p.email)).toEqual(Array(10).fill(USER.email))
    expect(server.calls['/auth/refresh']).toBe(1)
    expect(server.calls['/auth/me']).toBe(20)
    expect(client.state?.token).toBe('fresh-1')
  })

  it('a call whose 401 arrives after the refresh finished uses the new token, no second refresh', async () => {
    // The n-th 401 comes n*10 ms late: most arrive once the shared refresh is already done.
    const server = fakeServer({ delay: (n) => (n <= 10 ? n * 10 : 1) })
    const client = await signedIn(server)
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.fetch('/auth/me')))
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200))
    expect(server.calls['/auth/refresh']).toBe(1)
  })

  it('a burst through the typed api (hono/client) shares the refresh too', async () => {
    const server = fakeServer({ bodyToken: true })
    const client = await signedIn(server, 'bearer')
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.api.auth.me.$get()))
    expect(answers.every((res) => res.status === 200)).toBe(true)
    expect(server.calls['/auth/refresh']).toBe(1)
    const body = server.requests.find((r) => r.path === '/auth/refresh')?.init?.body
    expect(JSON.parse(String(body))).toEqual({ refreshToken: 'r0' })
  })
})

describe('retry once', () => {
  it('a 401 after the retry is the answer: 2 calls, 1 refresh, a typed error', async () => {
    const server = fakeServer({ protectedAnswer: () => json(INVALID_TOKEN, 401) })
    const client = await signedIn(server)
    const error = await client.me().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthClientError)
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_token',
      message: INVALID_TOKEN.error,
    })
    expect(server.calls['/auth/me']).toBe(2)
    expect(server.calls['/auth/refresh']).toBe(1)
  })

  it('fetch returns the second 401 as a Response, without looping', async () => {
    const server = fakeServer({ protectedAnswer: () => json(INVALID_TOKEN, 401) })
    const client = await signedIn(server)
    const res = await client.fetch('/api/things', { method: 'POST', body: '{"a":1}' })
    expect(res.status).toBe(401)
    expect(server.calls['/api/things']).toBe(2)
    const bodies = server.requests.filter((r) => r.path === '/api/things').map((r) => r.init?.body)
    expect(bodies).toEqual(['{"a":1}', '{"a":1}'])
  })

  it('when the refresh itself is refused, the original 401 stands and the client signs out', async () => {
    const server = fakeServer({ refresh: () => json(INVALID_TOKEN, 401) })
    const changes: unknown[] = []
    const client = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: server.fetch,
      onChange: (s) => changes.push(s),
    })
    await client.login(CREDENTIALS)
    await expect(client.me()).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    expect(server.calls['/auth/me']).toBe(1)
    expect(client.state).toBeNull()
    expect(changes.at(-1)).toBeNull()
  })

  it('a rate-limited refresh keeps the session and surfaces 429 with Retry-After', async () => {
    const limited = { error: 'Too many attempts; try again later', code: 'rate_limited' }
    const server = fakeServer({ refresh: () => json(limited, 429, { 'retry-after': '42' }) })
    const client = await signedIn(server)
    const error = await client.me().catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 42 })
    expect(client.state?.token).toBe('expired')
  })
})
