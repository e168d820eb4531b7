/** The client against the real app (app.request as its fetch), in both modes. */
import { describe, expect, it } from 'vitest'
import { AuthClientError, createAuthClient, memoryStorage } from '../../src/client.ts'
import { buildTestApp, PASSWORD, uniqueEmail } from '../helpers/app.ts'
import { cookieJarFetch } from './cookie-jar.ts'

const BASE = 'http://localhost'
const FRONT_END = 'http://127.0.0.1:5173'
const COOKIE = '__Host-edge-auth-refresh'

describe('bearer mode against the app', () => {
  it('registers, reads the profile, rotates, logs out; the old refresh token is dead', async () => {
    const app = await buildTestApp()
    const storage = memoryStorage()
    const fetch = (input: string | URL | Request, init?: RequestInit) => app.request(input, init)
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch, storage })
    const email = uniqueEmail('client')
    const signedIn = await client.register({ email, password: PASSWORD, name: 'Ada' })
    expect(signedIn).toMatchObject({ user: { email } })
    expect(await client.me()).toMatchObject({ email, name: 'Ada', role: 'user' })
    const first = await storage.get()
    await client.refresh()
    expect(storage.get()).not.toBe(first)
    await client.logout()
    expect(client.state).toBeNull()
    const again = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch, storage })
    await storage.set(first)
    await expect(again.refresh()).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    const wrong = await client.login({ email, password: 'wrong password' }).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(AuthClientError)
    expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' })
  })

  it('10 concurrent calls with an expired access token make exactly 1 refresh request', async () => {
    let offset = 0
    const app = await buildTestApp({ clock: { now: () => Date.now() + offset } })
    const paths: string[] = []
    const fetch = (input: string | URL | Request, init?: RequestInit) => {
      paths.push(new URL(String(input)).pathname)
      return app.request(input, init)
    }
    const client = createAuthClient({ baseUrl: BASE, mode: 'bearer', fetch })
    const email = uniqueEmail('burst')
    await client.register({ email, password: PASSWORD })
    offset = 1_000_000 // past ACCESS_TOKEN_TTL (900 s) plus the clock tolerance
    const profiles = await Promise.all(Array.from({ length: 10 }, () => client.me()))
    expect(profiles.every((p) => p.email === email)).toBe(true)
    expect(paths.filter((p) => p === '/auth/refresh')).toHaveLength(1)
    expect(paths.filter((p) => p === '/auth/me')).toHaveLength(20)
  })
})

describe('cookie mode against the app (AUTH_COOKIE=on, CORS allowlist)', () => {
  it('keeps the refresh token in the cookie only; a new client (a reload) resumes from it', async () => {
    const app = await buildTestApp({ env: { AUTH_COOKIE: 'on', CORS_ORIGINS: FRONT_END } })
    const jar = cookieJarFetch(app, FRONT_END)
    const client = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: jar.fetch })
    const email = uniqueEmail('cookie-client')
    await client.register({ email, password: PASSWORD })
    expect(jar.cookies.has(COOKIE)).toBe(true)
    expect(jar.setCookies[0]).toMatch(/HttpOnly/)
    expect(jar.bodies.some((body) => Object.hasOwn(body as object, 'refreshToken'))).toBe(false)

    const reloaded = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: jar.fetch })
    expect((await reloaded.refresh()).user.email).toBe(email)
    expect(await reloaded.me()).toMatchObject({ email })
    const cors = await jar.fetch(`${BASE}/auth/me`, {
      headers: { authorization: `Bearer ${reloaded.state?.token}` },
    })
    expect(cors.headers.get('access-control-allow-origin')).toBe(FRONT_END)
    expect(cors.headers.get('access-control-allow-credentials')).toBe('true')

    await reloaded.logout()
    expect(jar.cookies.has(COOKIE)).toBe(false)
    const afterLogout = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: jar.fetch })
    await expect(afterLogout.refresh()).rejects.toMatchObject({ status: 401 })
  })

  it('a call without an access token (fresh page) refreshes from the cookie and retries', async () => {
    const app = await buildTestApp({ env: { AUTH_COOKIE: 'on', CORS_ORIGINS: FRONT_END } })
    const jar = cookieJarFetch(app, FRONT_END)
    const email = uniqueEmail('cookie-me')
    await createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: jar.fetch }).register({
      email,
      password: PASSWORD,
    })
    const fresh = createAuthClient({ baseUrl: BASE, mode: 'cookie', fetch: jar.fetch })
    expect(await fresh.me()).toMatchObject({ email })
    expect(fresh.state?.user.email).toBe(email)
  })
})
