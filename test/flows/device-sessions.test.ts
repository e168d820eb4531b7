/** The device list as a user sees it: only sessions that still work, where each signed in. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  PASSWORD,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'

afterEach(() => vi.useRealTimers())
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

interface Listed {
  sessions: { id: string; current: boolean; location?: { country: string; city: string } }[]
}
const list = async (app: TestApp, token: string) =>
  (await (await app.request('/auth/sessions', { headers: bearer(token) })).json()) as Listed
const end = (app: TestApp, id: string, headers: Record<string, string>) =>
  app.request(`/auth/sessions/${id}`, { method: 'DELETE', headers })

describe('GET /auth/sessions', () => {
  it('leaves out a session idle past REFRESH_IDLE_TTL; ending it is the 404 of an ended one', async () => {
    const app = await buildTestApp({ env: { REFRESH_TOKEN_TTL: '3600', REFRESH_IDLE_TTL: '600' } })
    const clock = freezeTime()
    const { email, body } = await registerUser(app)
    const idle = await loginUser(app, email)
    const idleId = (await list(app, body.token)).sessions.find((s) => !s.current)?.id ?? ''
    clock.at(300)
    const res = await refreshWith(app, body.refreshToken) // this device keeps being used
    const here = (await res.json()) as SessionBody
    clock.at(601) // the other one has been idle for 10 min 01 s
    const { sessions } = await list(app, here.token)
    expect(sessions.map((s) => s.current)).toEqual([true])
    expect((await end(app, idleId, bearer(here.token))).status).toBe(404)
    expect((await refreshWith(app, idle.refreshToken)).status).toBe(401) // it could not be used
  })

  it('shows where each session signed in, from Cloudflare’s request.cf', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    const login = new Request('http://localhost/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
      cf: { country: 'NL', city: 'Amsterdam' },
    })
    expect((await app.request(login)).status).toBe(200)
    const { sessions } = await list(app, body.token)
    expect(sessions.find((s) => !s.current)?.location).toEqual({
      country: 'NL',
      city: 'Amsterdam',
    })
    expect(sessions.find((s) => s.current)).not.toHaveProperty('location') // no cf, no place
  })
})

describe('DELETE /auth/sessions/{id} of the current session', () => {
  it('is a logout: 204, then the access token and the refresh token are refused', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const id = (await list(app, body.token)).sessions[0]?.id ?? ''
    expect((await end(app, id, bearer(body.token))).status).toBe(204)
    expect((await me(app, body.token)).status).toBe(401)
    expect((await refreshWith(app, body.refreshToken)).status).toBe(401)
  })

  it('clears the refresh cookie in cookie mode; ending another device leaves it', async () => {
    const APP = 'http://127.0.0.1:5173'
    const app = await buildTestApp({ env: { CORS_ORIGINS: APP, AUTH_COOKIE: 'on' } })
    const { email } = await registerUser(app)
    const signIn = await app.request('/auth/login', {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    const cookie = /__Host-edge-auth-refresh=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')
    const { token } = (await signIn.json()) as SessionBody
    const browser = { origin: APP, cookie: cookie?.[0] ?? '', ...bearer(token) }
    const { sessions } = await list(app, token)
    const other = await end(app, sessions.find((s) => !s.current)?.id ?? '', browser)
    expect(other.status).toBe(204)
    expect(other.headers.get('set-cookie')).toBeNull()
    const own = await end(app, sessions.find((s) => s.current)?.id ?? '', browser)
    expect(own.status).toBe(204)
    expect(own.headers.get('set-cookie')).toMatch(/^__Host-edge-auth-refresh=;.*Max-Age=0/)
    const refresh = await app.request('/auth/refresh', { method: 'POST', headers: browser })
    expect(refresh.status).toBe(401)
  })
})
