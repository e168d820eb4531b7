import { beforeAll, describe, expect, it } from 'vitest'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { buildTestApp, captureLogger, PASSWORD, type TestApp, uniqueEmail } from '../helpers/app.ts'

const APP = 'http://127.0.0.1:5173'
const EVIL = 'https://evil.example'
const SELF = 'http://localhost'
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp({
    env: { CORS_ORIGINS: `${APP},https://app.example.com`, AUTH_COOKIE: 'on' },
  })
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

function cookieOf(res: Response): string | undefined {
  const header = res.headers.get('set-cookie') ?? ''
  return /__Host-edge-auth-refresh=([^;]*)/.exec(header)?.[1]
}

describe('CORS', () => {
  it('answers a preflight from an unlisted origin without a grant, not with a 405', async () => {
    const log = captureLogger()
    const logged = await buildTestApp({ env: { CORS_ORIGINS: APP, AUTH_COOKIE: 'on' }, log })
    const res = await logged.request('/auth/login', {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(log.entries.at(-1)).toMatchObject({ method: 'OPTIONS', outcome: 'cors_refused' })
  })

  it('says Vary: Origin on every answer, so a shared cache never mixes origins (the JWKS)', async () => {
    for (const headers of [{}, { origin: APP }, { origin: EVIL }] as Record<string, string>[]) {
      const res = await app.request('/.well-known/jwks.json', { headers })
      expect(res.headers.get('cache-control')).toContain('public')
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/i)
      expect(res.headers.get('vary')?.match(/origin/gi)).toHaveLength(1)
    }
  })

  it('answers a preflight from a listed origin with methods, headers, max-age and credentials', async () => {
    const res = await app.request('/auth/login', {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,PATCH,DELETE,OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type,authorization')
    expect(res.headers.get('access-control-max-age')).toBe('600')
  })

  it('grants every method a route declares, so a listed app can end a device or delete', async () => {
    const methods = new Set(ENDPOINTS.map((endpoint) => endpoint.method.toUpperCase()))
    const res = await app.request('/auth/sessions/00000000-0000-4000-8000-000000000000', {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'DELETE' },
    })
    expect(res.status).toBe(204)
    const granted = res.headers.get('access-control-allow-methods')?.split(',') ?? []
    expect([...methods].filter((method) => !granted.includes(method))).toEqual([])
  })

  it('grants nothing to an unlisted origin', async () => {
    const preflight = await app.request('/auth/login', {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const res = await post(
      '/auth/login',
      { email: uniqueEmail(), password: PASSWORD },
      { origin: EVIL },
    )
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('error answers carry the CORS grant too, so the page can read the JSON error', async () => {
    const res = await app.request('/auth/me', { headers: { origin: APP } })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after')
  })
})

describe('cookie mode (AUTH_COOKIE=on)', () => {
  it('gives browsers the refresh token only in an HttpOnly, Secure, SameSite __Host- cookie', async () => {
    const res = await post(
      '/auth/register',
      { email: uniqueEmail('cookie'), password: PASSWORD },
      { origin: APP },
    )
    expect(res.status).toBe(201)
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^__Host-edge-auth-refresh=[A-Za-z0-9_-]{43};/)
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/;', 'Max-Age=2592000'])
      expect(setCookie).toContain(attribute)
    expect(setCookie).not.toMatch(/domain=/i)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.token).toEqual(expect.any(String))
    expect(body).not.toHaveProperty('refreshToken')
  })

  it('refreshes and logs out with the cookie from an allowed origin', async () => {
    const reg = await post(
      '/auth/register',
      { email: uniqueEmail('cookie'), password: PASSWORD },
      { origin: APP },
    )
    const cookie = `__Host-edge-auth-refresh=${cookieOf(reg)}`
    const refreshed = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { origin: APP, cookie },
    })
    expect(refreshed.status).toBe(200)
    const next = cookieOf(refreshed)
    expect(next).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await refreshed.json()).not.toHaveProperty('refreshToken')
    const out = await app.request('/auth/logout', {
      method: 'POST',
      headers: { origin: APP, cookie: `__Host-edge-auth-refresh=${next}` },
    })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/__Host-edge-auth-refresh=;.*Max-Age=0/)
    const again = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { origin: APP, cookie: `__Host-edge-auth-refresh=${next}` },
    })
    expect(again.status).toBe(401)
  })

  it('refuses a request carrying the refresh cookie twice (a tossed cookie), ending nothing', async () => {
    const reg = await post(
      '/auth/register',
      { email: uniqueEmail('tossed'), password: PASSWORD },
      { origin: APP },
    )
    const own = cookieOf(reg)
    const planted = 'A'.repeat(43)
    for (const cookie of [
      `__Host-edge-auth-refresh=${planted}; __Host-edge-auth-refresh=${own}`,
      `__Host-edge-auth-refresh=${own}; __Host-edge-auth-refresh=${planted}`,
    ]) {
      for (const path of ['/auth/refresh', '/auth/logout']) {
        const res = await app.request(path, { method: 'POST', headers: { origin: APP, cookie } })
        expect(res.status).toBe(401)
        expect(await res.json()).toMatchObject({ code: 'invalid_token' })
      }
    }
    const alone = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { origin: APP, cookie: `__Host-edge-auth-refresh=${own}` },
    })
    expect(alone.status).toBe(200)
  })

  it('refuses the cookie from a foreign origin or without an Origin: 403 csrf', async () => {
    const reg = await post(
      '/auth/register',
      { email: uniqueEmail('csrf'), password: PASSWORD },
      { origin: APP },
    )
    const cookie = `__Host-edge-auth-refresh=${cookieOf(reg)}`
    for (const headers of [{ origin: EVIL, cookie }, { cookie }] as Record<string, string>[]) {
      const res = await app.request('/auth/refresh', { method: 'POST', headers })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ error: 'Cross-site request refused', code: 'csrf' })
    }
    const same = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { origin: SELF, cookie },
    })
    expect(same.status).toBe(200)
  })

  it('refuses a cross-site form post with 403 csrf', async () => {
    const res = await app.request('/auth/logout', {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'scope=all',
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'csrf' })
  })

  it('keeps body mode for clients without an Origin (servers, mobile apps, curl)', async () => {
    const reg = await post('/auth/register', { email: uniqueEmail('body'), password: PASSWORD })
    expect(reg.headers.get('set-cookie')).toBeNull()
    const { refreshToken } = (await reg.json()) as { refreshToken: string }
    const res = await post('/auth/refresh', { refreshToken })
    expect(res.status).toBe(200)
    expect(await res.json()).toHaveProperty('refreshToken')
  })
})
