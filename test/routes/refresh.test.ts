import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { hashOpaqueToken } from '../../src/auth/opaque-token.ts'
import {
  buildTestApp,
  me,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { ON_POSTGRES } from '../helpers/backend.ts'
import { freezeTime } from '../helpers/clock.ts'
import { query } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

async function pair(res: Response): Promise<SessionBody> {
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toBe('no-store')
  return (await res.json()) as SessionBody
}

const sessionOf = async (refreshToken: string) =>
  (
    await query<{ session_id: string; revoked_reason: string | null }>(
      `select t.session_id, s.revoked_reason from refresh_tokens t join sessions s on s.id = t.session_id where t.token_hash = $1`,
      [await hashOpaqueToken(refreshToken)],
    )
  )[0]

describe('POST /auth/refresh', () => {
  afterEach(() => vi.useRealTimers())

  it('rotates: a new pair in the same session; only the token hash is stored', async () => {
    const { body } = await registerUser(app)
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const next = await pair(await refreshWith(app, body.refreshToken))
    expect(next.refreshToken).not.toBe(body.refreshToken)
    expect(next.user).toEqual(body.user)
    expect((await me(app, next.token)).status).toBe(200)
    const [a, b] = [await sessionOf(body.refreshToken), await sessionOf(next.refreshToken)]
    expect(a?.session_id).toBe(b?.session_id)
    const stored = await query(
      `select * from refresh_tokens where token_hash = $1 or token_hash = $2`,
      [body.refreshToken, next.refreshToken],
    )
    expect(stored).toHaveLength(0)
  })

  it('reuse after the interval revokes the whole family, later members included', async () => {
    const clock = freezeTime()
    const { body } = await registerUser(app)
    const second = await pair(await refreshWith(app, body.refreshToken))
    clock.at(11) // REFRESH_REUSE_INTERVAL is 10 s
    const reuse = await refreshWith(app, body.refreshToken)
    expect(reuse.status).toBe(401)
    expect(await reuse.json()).toMatchObject({ code: 'invalid_token' })
    expect((await sessionOf(body.refreshToken))?.revoked_reason).toBe('reuse')
    expect((await refreshWith(app, second.refreshToken)).status).toBe(401)
    expect((await me(app, second.token)).status).toBe(401)
  })

  it('reuse inside the interval (another tab) gets a valid pair and keeps the user logged in', async () => {
    const clock = freezeTime()
    const { body } = await registerUser(app)
    const tabA = await pair(await refreshWith(app, body.refreshToken))
    clock.at(9)
    const tabB = await pair(await refreshWith(app, body.refreshToken))
    expect(tabB.refreshToken).not.toBe(tabA.refreshToken)
    expect((await sessionOf(tabB.refreshToken))?.session_id).toBe(
      (await sessionOf(tabA.refreshToken))?.session_id,
    )
    clock.at(300)
    await pair(await refreshWith(app, tabA.refreshToken))
    await pair(await refreshWith(app, tabB.refreshToken))
    expect((await sessionOf(tabA.refreshToken))?.revoked_reason).toBeNull()
  })

  it('the grace covers only the immediately previous token', async () => {
    freezeTime()
    const { body } = await registerUser(app)
    const second = await pair(await refreshWith(app, body.refreshToken))
    await pair(await refreshWith(app, second.refreshToken))
    expect((await refreshWith(app, body.refreshToken)).status).toBe(401)
    expect((await sessionOf(body.refreshToken))?.revoked_reason).toBe('reuse')
  })

  // Exactly one rotation among concurrent ones: test/routes/refresh-concurrency.test.ts.
  it.skipIf(!ON_POSTGRES)(
    'twenty concurrent refreshes with one token: no 5xx, valid pairs or 401s, still logged in',
    async () => {
      const { body } = await registerUser(app)
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => refreshWith(app, body.refreshToken)),
      )
      const statuses = responses.map((r) => r.status)
      expect(statuses.every((s) => s === 200 || s === 401)).toBe(true)
      const pairs = await Promise.all(
        responses.filter((r) => r.status === 200).map((r) => r.json() as Promise<SessionBody>),
      )
      expect(pairs.length).toBeGreaterThan(0)
      for (const p of pairs) expect((await me(app, p.token)).status).toBe(200)
      expect((await sessionOf(body.refreshToken))?.revoked_reason).toBeNull()
      await pair(await refreshWith(app, (pairs[0] as SessionBody).refreshToken))
    },
  )

  it('refuses after the idle limit and after the absolute lifetime (frozen time)', async () => {
    const short = await buildTestApp({
      env: { REFRESH_TOKEN_TTL: '3600', REFRESH_IDLE_TTL: '600' },
    })
    const clock = freezeTime()
    const { body } = await registerUser(short)
    clock.at(9 * 60 + 59)
    let current = await pair(await refreshWith(short, body.refreshToken))
    clock.at(20 * 60) // idle for 10 min 01 s
    expect((await refreshWith(short, current.refreshToken)).status).toBe(401)

    clock.at(0)
    const fresh = await registerUser(short)
    current = fresh.body
    for (const minute of [9, 18, 27, 36, 45, 54]) {
      clock.at(minute * 60)
      current = await pair(await refreshWith(short, current.refreshToken))
    }
    clock.at(3601) // past the family's absolute hour
    expect((await refreshWith(short, current.refreshToken)).status).toBe(401)
  })

  it('garbage, unknown and missing tokens', async () => {
    expect((await refreshWith(app, 'garbage')).status).toBe(401)
    expect((await refreshWith(app, 'A'.repeat(43))).status).toBe(401)
    expect((await postJson(app, '/auth/refresh', {})).status).toBe(401)
    const res = await postJson(app, '/auth/refresh', { refreshToken: 42 })
    expect(await res.json()).toMatchObject({ code: 'validation_failed' })
  })
})
