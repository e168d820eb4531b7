/** What the client sends and how it reports failures (scripted server, fake-server.ts). */
import { describe, expect, it } from 'vitest'
import { AuthClientError, createAuthClient, memoryStorage } from '../../src/client.ts'
import { fakeServer, json, USER } from './fake-server.ts'

const BASE = 'https://auth.example.com/'
const CREDENTIALS = { email: USER.email, password: 'correct horse battery staple' }
// Workers' RequestInit type has no `credentials`; browsers' does.
const credentialsOf = (init: RequestInit | undefined) =>
  (init as { credentials?: string })?.credentials

describe('createAuthClient', () => {
  it('cookie mode sends credentials: include and never stores a refresh token', async () => {
    const server = fakeServer({ bodyToken: true })
    const client = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: server.fetch })
    const state = await client.login(CREDENTIALS)
    expect(state).toMatchObject({ user: USER, token: 'expired' })
    expect(state).not.toHaveProperty('refreshToken')
    expect(credentialsOf(server.requests[0]?.init)).toBe('include')
    await client.refresh()
    const body = server.requests.find((r) => r.path === '/auth/refresh')?.init?.body
    expect(JSON.parse(String(body))).toEqual({})
  })

  it('bearer mode keeps the rotated refresh token in its storage and sends it to logout', async () => {
    const server = fakeServer({ bodyToken: true })
    const storage = memoryStorage()
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch: server.fetch, storage })
    await client.register({ ...CREDENTIALS, name: 'Ada' })
    expect(storage.get()).toBe('r0')
    await client.refresh()
    expect(storage.get()).toBe('r1')
    expect(credentialsOf(server.requests[0]?.init)).toBeUndefined()
    await client.logout()
    const logout = server.requests.find((r) => r.path === '/auth/logout')
    expect(JSON.parse(String(logout?.init?.body))).toEqual({ refreshToken: 'r1' })
    expect(storage.get()).toBeNull()
    expect(client.state).toBeNull()
  })

  it('bearer mode without a refresh token refuses to refresh without a request', async () => {
    const server = fakeServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch: server.fetch })
    await expect(client.refresh()).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    expect(server.calls['/auth/refresh']).toBeUndefined()
  })

  it("surfaces the server's {error, code, details} and Retry-After as an AuthClientError", async () => {
    const details = { formErrors: [], fieldErrors: { email: ['Invalid email address'] } }
    const answers = [
      json({ error: 'Validation failed', code: 'validation_failed', details }, 400),
      json({ error: 'Too many attempts; try again later', code: 'rate_limited' }, 429, {
        'retry-after': '30',
      }),
    ]
    const client = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: async () => answers.shift() ?? json({}, 500),
    })
    const invalid = await client.login(CREDENTIALS).catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(AuthClientError)
    expect(invalid).toMatchObject({ status: 400, code: 'validation_failed', details })
    const limited = await client.login(CREDENTIALS).catch((e: unknown) => e)
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 30 })
  })

  it('reports an answer that is not our JSON, and no answer at all', async () => {
    const html = async () =>
      new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' })
    const proxy = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: html })
    await expect(proxy.login(CREDENTIALS)).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
    })
    const offline = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const error = await offline.me().catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 0, code: 'network_error' })
    expect((error as Error).cause).toBeInstanceOf(TypeError)
  })

  it('resolves paths against the base URL and keeps absolute URLs', async () => {
    const server = fakeServer()
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch: server.fetch })
    await client.fetch('api/a')
    await client.fetch('https://auth.example.com/api/b')
    await client.fetch(new Request('https://auth.example.com/api/c', { method: 'POST', body: 'x' }))
    expect(server.requests.map((r) => r.path)).toEqual(['/api/a', '/api/b', '/api/c'])
    expect(server.requests[2]?.init?.method).toBe('POST')
  })

  it('sends the access token only to its own origin and listed APIs, cookies only to itself', async () => {
    const server = fakeServer()
    const client = createAuthClient({
      baseUrl: BASE,
      mode: 'cookie',
      fetch: server.fetch,
      apiOrigins: ['https://api.example.com'],
    })
    await client.login(CREDENTIALS)
    await client.refresh()
    const sent = (url: string) => server.requests.find((r) => r.url === url)?.init
    await client.fetch('https://auth.example.com/api/own')
    await client.fetch('https://api.example.com/orders')
    await client.fetch('https://evil.example/steal')
    await client.fetch(new Request('https://evil.example/request'))
    const bearer = (url: string) => new Headers(sent(url)?.headers).get('authorization')
    expect(bearer('https://auth.example.com/api/own')).toBe('Bearer fresh-1')
    expect(bearer('https://api.example.com/orders')).toBe('Bearer fresh-1')
    expect(bearer('https://evil.example/steal')).toBeNull()
    expect(bearer('https://evil.example/request')).toBeNull()
    expect(credentialsOf(sent('https://auth.example.com/api/own'))).toBe('include')
    expect(credentialsOf(sent('https://api.example.com/orders'))).toBeUndefined()
    expect(credentialsOf(sent('https://evil.example/steal'))).toBeUndefined()
  })
})
