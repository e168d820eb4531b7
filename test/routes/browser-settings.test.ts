/**
 * The browser settings of the README's "Configuration" table beyond test/routes/browser.test.ts:
 * AUTH_COOKIE_SAMESITE, CORS_ORIGINS='*' (allowed only without cookies), and the origin check on
 * logout by cookie (a foreign page must not be able to end a session).
 */
import { describe, expect, it } from 'vitest'
import { buildTestApp, me, PASSWORD, type TestApp, uniqueEmail } from '../helpers/app.ts'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'

const register = (app: TestApp, origin: string) =>
  app.request('/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: uniqueEmail('browser'), password: PASSWORD }),
  })

const refreshCookie = (res: Response) =>
  /__Host-edge-auth-refresh=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1]

describe('AUTH_COOKIE_SAMESITE', () => {
  it.each(['Strict', 'Lax', 'None'])('%s is the SameSite of the refresh cookie', async (value) => {
    const app = await buildTestApp({
      env: { AUTH_COOKIE: 'on', CORS_ORIGINS: APP, AUTH_COOKIE_SAMESITE: value },
    })
    const res = await register(app, APP)
    expect(res.status).toBe(201)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^__Host-edge-auth-refresh=/)
    expect(cookie).toContain(`SameSite=${value}`)
    expect(cookie.match(/SameSite=/gi)).toHaveLength(1)
    expect(cookie).toContain('Secure')
  })
})

describe("CORS_ORIGINS='*' (bearer mode only)", () => {
  it('grants any origin, without credentials; the token stays in the body', async () => {
    const app = await buildTestApp({ env: { CORS_ORIGINS: '*' } })
    for (const origin of [APP, EVIL, 'http://localhost:3000']) {
      const preflight = await app.request('/auth/login', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toMatch(
        new RegExp(`^(\\*|${origin.replace(/[.]/g, '\\.')})$`),
      )
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
      const res = await register(app, origin)
      expect(res.status).toBe(201)
      expect(res.headers.get('access-control-allow-origin')).not.toBeNull()
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(await res.json()).toHaveProperty('refreshToken')
    }
  })
})

describe('logout by cookie', () => {
  it('from a foreign origin is 403 csrf and ends nothing; from the listed one it ends the session', async () => {
    const app = await buildTestApp({ env: { AUTH_COOKIE: 'on', CORS_ORIGINS: APP } })
    const reg = await register(app, APP)
    const { token } = (await reg.json()) as { token: string }
    const cookie = `__Host-edge-auth-refresh=${refreshCookie(reg)}`
    const logout = (origin: string) =>
      app.request('/auth/logout', {
        method: 'POST',
        headers: { origin, cookie, 'content-type': 'application/json' },
        body: '{}',
      })
    const refused = await logout(EVIL)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({ error: 'Cross-site request refused', code: 'csrf' })
    expect((await me(app, token)).status).toBe(200)
    expect((await logout(APP)).status).toBe(204)
    expect((await me(app, token)).status).toBe(401)
  })
})
