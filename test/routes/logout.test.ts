import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  postJson,
  refreshWith,
  registerUser,
  type TestApp,
} from '../helpers/app.ts'
import { query } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

const logout = (body: unknown, headers: Record<string, string> = {}, path = '/auth/logout') =>
  postJson(app, path, body, headers)

describe('POST /auth/logout', () => {
  it('revokes the presented session at once: 204, then refresh and /auth/me fail', async () => {
    const { email, body } = await registerUser(app)
    const other = await loginUser(app, email)
    const res = await logout({ refreshToken: body.refreshToken })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect((await refreshWith(app, body.refreshToken)).status).toBe(401)
    expect((await me(app, body.token)).status).toBe(401)
    // The other session of the same user lives on.
    expect((await me(app, other.token)).status).toBe(200)
    const rows = await query<{ revoked_reason: string | null }>(
      'select s.revoked_reason from sessions s join users u on u.id = s.user_id where u.email = $1 order by s.created_at',
      [email],
    )
    expect(rows.map((r) => r.revoked_reason)).toEqual(['logout', null])
  })

  it('is idempotent, and a garbage, unknown or missing token also gets 204', async () => {
    const { body } = await registerUser(app)
    expect((await logout({ refreshToken: body.refreshToken })).status).toBe(204)
    expect((await logout({ refreshToken: body.refreshToken })).status).toBe(204)
    expect((await logout({ refreshToken: 'garbage' })).status).toBe(204)
    expect((await logout({ refreshToken: 'B'.repeat(43) })).status).toBe(204)
    expect((await logout({})).status).toBe(204)
    expect((await app.request('/auth/logout', { method: 'POST' })).status).toBe(204)
  })

  it('still refuses malformed bodies', async () => {
    const res = await app.request('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(res.status).toBe(400)
  })

  it('?scope=all (Bearer) revokes every session of the user', async () => {
    const { email, body } = await registerUser(app)
    const second = await loginUser(app, email)
    const stranger = await registerUser(app)
    const res = await logout(
      {},
      { authorization: `Bearer ${second.token}` },
      '/auth/logout?scope=all',
    )
    expect(res.status).toBe(204)
    for (const token of [body.token, second.token]) expect((await me(app, token)).status).toBe(401)
    for (const rt of [body.refreshToken, second.refreshToken])
      expect((await refreshWith(app, rt)).status).toBe(401)
    expect((await me(app, stranger.body.token)).status).toBe(200)
  })

  it('?scope=all without a valid access token is 401', async () => {
    const res = await logout({}, {}, '/auth/logout?scope=all')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await logout({}, {}, '/auth/logout?scope=everything')).status).toBe(400)
  })
})
