/** The device list as a user sees it: only sessions that still work. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  loginUser,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'

afterEach(() => vi.useRealTimers())
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

interface Listed {
  sessions: { id: string; current: boolean }[]
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
})
