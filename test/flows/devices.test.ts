/** Devices and the account as data (issue 12). */
import { describe, expect, it } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { countQueries, query, throttleOf } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

interface Listed {
  sessions: { id: string; current: boolean; userAgent: string | null; lastUsedAt: string }[]
}
const list = async (app: TestApp, token: string) =>
  (await (await app.request('/auth/sessions', { headers: bearer(token) })).json()) as Listed

describe('GET /auth/sessions', () => {
  it('lists live sessions only, most recently used first, this one marked, no secrets', async () => {
    const app = await buildTestApp()
    const { email, body: phone } = await registerUser(app)
    const laptop = await postJson(
      app,
      '/auth/login',
      { email, password: PASSWORD },
      { 'user-agent': 'Laptop/1.0' },
    )
    const pair = (await laptop.json()) as SessionBody
    const ended = await loginUser(app, email)
    await postJson(app, '/auth/logout', { refreshToken: ended.refreshToken })
    await refreshWith(app, phone.refreshToken) // the phone is now the most recently used
    const { result: res, queries } = await countQueries(async () =>
      app.request('/auth/sessions', { headers: bearer(pair.token) }),
    )
    expect(queries).toBe(2)
    const text = await res.text()
    const { sessions } = JSON.parse(text) as Listed
    expect(sessions).toHaveLength(2)
    expect(sessions[1]).toMatchObject({ current: true, userAgent: 'Laptop/1.0' })
    expect(sessions[0]?.current).toBe(false)
    expect(text).not.toContain(phone.refreshToken)
    expect(text).not.toMatch(/hash|token/i)
    const { body: other } = await registerUser(app)
    expect((await list(app, other.token)).sessions).toHaveLength(1) // never another user's
  })
})

describe('ending sessions', () => {
  it('DELETE /auth/sessions/{id}: its tokens stop at once; unknown and foreign ids are the same 404', async () => {
    const app = await buildTestApp()
    const { email, body: here } = await registerUser(app)
    const there = await loginUser(app, email)
    const target = (await list(app, here.token)).sessions.find((s) => !s.current)?.id ?? ''
    const end = (id: string, token = here.token) =>
      app.request(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(token) })
    expect((await end(target)).status).toBe(204)
    expect((await me(app, there.token)).status).toBe(401)
    expect((await refreshWith(app, there.refreshToken)).status).toBe(401)
    const { body: stranger } = await registerUser(app)
    const theirs = (await list(app, stranger.token)).sessions[0]?.id ?? ''
    for (const id of [theirs, target, crypto.randomUUID(), 'not-a-uuid']) {
      const res = await end(id)
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ code: 'not_found' })
    }
    expect((await me(app, stranger.token)).status).toBe(200)
    expect((await me(app, here.token)).status).toBe(200)
  })

  it('POST /auth/logout?scope=others ends every session but this one', async () => {
    const app = await buildTestApp()
    const { email, body: here } = await registerUser(app)
    const others = [await loginUser(app, email), await loginUser(app, email)]
    const res = await postJson(app, '/auth/logout?scope=others', {}, bearer(here.token))
    expect(res.status).toBe(204)
    for (const pair of others) expect((await me(app, pair.token)).status).toBe(401)
    expect((await me(app, here.token)).status).toBe(200)
    expect((await refreshWith(app, here.refreshToken)).status).toBe(200)
  })

  it('no pair comes out of a session ended while it refreshes', async () => {
    const app = await buildTestApp()
    for (let trial = 0; trial < 10; trial++) {
      const { email, body: here } = await registerUser(app)
      const there = await loginUser(app, email)
      const id = (await list(app, here.token)).sessions.find((s) => !s.current)?.id ?? ''
      const [ended, ...refreshes] = await Promise.all([
        app.request(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(here.token) }),
        ...Array.from({ length: 8 }, () => refreshWith(app, there.refreshToken)),
      ])
      expect(ended.status).toBe(204)
      for (const res of refreshes.filter((r) => r.status === 200)) {
        const pair = (await res.json()) as SessionBody
        expect((await me(app, pair.token)).status).toBe(401)
        expect((await refreshWith(app, pair.refreshToken)).status).toBe(401)
      }
    }
  })
})

describe('the account as data', () => {
  it('DELETE /auth/account deletes everything in one statement; the address can register again', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email, body } = await registerUser(app)
    const other = await loginUser(app, email)
    const del = (currentPassword: string) =>
      app.request('/auth/account', {
        method: 'DELETE',
        headers: { ...bearer(body.token), 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword }),
      })
    expect((await del('not the password')).status).toBe(401)
    expect(await throttleOf(email)).toMatchObject({ failures: 1 })
    const { result, queries } = await countQueries(async () => del(PASSWORD))
    expect(result.status).toBe(204)
    expect(queries).toBe(4) // session check, lockout count, lockout clear, the delete itself
    for (const pair of [body, other]) {
      expect((await me(app, pair.token)).status).toBe(401)
      expect((await refreshWith(app, pair.refreshToken)).status).toBe(401)
    }
    const [left] = await query<{ n: number }>(
      `select (select count(*) from users where lower(email) = $1)
        + (select count(*) from sessions s where not exists (select 1 from users u where u.id = s.user_id))
        + (select count(*) from one_time_tokens o where o.user_id is not null and not exists (select 1 from users u where u.id = o.user_id)) as n`,
      [email],
    )
    expect(Number(left?.n)).toBe(0)
    expect(await throttleOf(email)).toBeUndefined()
    expect(mail.to(email).map((m) => m.kind)).toContain('account_deleted')
    await registerUser(app, email)
  })

  it('a refresh racing the deletion hands out no pair that works', async () => {
    const app = await buildTestApp()
    for (let trial = 0; trial < 10; trial++) {
      const { body } = await registerUser(app)
      const [deleted, ...refreshes] = await Promise.all([
        app.request('/auth/account', {
          method: 'DELETE',
          headers: { ...bearer(body.token), 'content-type': 'application/json' },
          body: JSON.stringify({ currentPassword: PASSWORD }),
        }),
        ...Array.from({ length: 8 }, () => refreshWith(app, body.refreshToken)),
      ])
      expect(deleted.status).toBe(204)
      // Rotation locks its session row first, as the deletion does: without that lock, a refresh
      // that took its token first inserted the next one under a session already gone (500).
      expect(refreshes.map((r) => r.status).filter((s) => s !== 200 && s !== 401)).toEqual([])
      for (const res of refreshes.filter((r) => r.status === 200)) {
        const pair = (await res.json()) as SessionBody
        expect((await me(app, pair.token)).status).toBe(401)
      }
    }
  })

  it('GET /auth/account/export answers everything stored, as an attachment, without secrets', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    await loginUser(app, email)
    const res = await app.request('/auth/account/export', { headers: bearer(body.token) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="account.json"/)
    const text = await res.text()
    const data = JSON.parse(text) as { profile: { email: string }; sessions: unknown[] }
    expect(data.profile.email).toBe(email)
    expect(data.sessions).toHaveLength(2)
    expect(text).not.toMatch(/pbkdf2|password|token_hash|secret/i)
    expect(text).not.toContain(body.refreshToken)
  })
})
