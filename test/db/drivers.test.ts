import { describe, expect, it } from 'vitest'
import { buildTestApp, PASSWORD, postJson, uniqueEmail } from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'

// Both driver paths run the whole flow against the same Postgres through the Neon driver:
// neon-http (fetch to /sql) and neon-serverless (a WebSocket Pool opened and closed per request).
describe.each(['http', 'ws'] as const)('DB_DRIVER=%s', (driver) => {
  it('registers, logs in, reads /auth/me, refreshes, logs out, reads /health', async () => {
    const app = await buildTestApp({ env: { DB_DRIVER: driver } })
    const email = uniqueEmail(driver)
    expect((await postJson(app, '/auth/register', { email, password: PASSWORD })).status).toBe(201)
    expect((await postJson(app, '/auth/register', { email, password: PASSWORD })).status).toBe(409)
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(login.status).toBe(200)
    const { token, refreshToken } = (await login.json()) as { token: string; refreshToken: string }
    const me = await app.request('/auth/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    const refreshed = await postJson(app, '/auth/refresh', { refreshToken })
    expect(refreshed.status).toBe(200)
    const next = (await refreshed.json()) as { refreshToken: string; token: string }
    expect((await postJson(app, '/auth/logout', { refreshToken: next.refreshToken })).status).toBe(
      204,
    )
    expect(
      (await app.request('/auth/me', { headers: { authorization: `Bearer ${next.token}` } }))
        .status,
    ).toBe(401)
    expect((await app.request('/health')).status).toBe(200)
    expect(await usersWithEmail(email)).toHaveLength(1)
  })
})
