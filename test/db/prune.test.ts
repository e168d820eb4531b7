import { describe, expect, it } from 'vitest'
import { hashOpaqueToken } from '../../src/auth/opaque-token.ts'
import { createStoreConnector } from '../../src/db/connector.ts'
import {
  buildTestApp,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  testEnv,
  uniqueEmail,
} from '../helpers/app.ts'
import { emailKey, query, throttleOf } from '../helpers/db.ts'

describe('daily pruning (the cron in wrangler.toml)', () => {
  it('deletes long-ended sessions, old rotated tokens and idle counters; keeps what is live', async () => {
    const app = await buildTestApp()
    const live = await registerUser(app)
    const ended = await registerUser(app)
    const rotatedLongAgo = await registerUser(app)
    const successor = (await (
      await refreshWith(app, rotatedLongAgo.body.refreshToken)
    ).json()) as SessionBody
    const idle = uniqueEmail('idle')
    await postJson(app, '/auth/login', { email: idle, password: 'wrong password!' })

    const sessionOf = async (token: string) =>
      (
        await query<{ session_id: string }>(
          'select session_id from refresh_tokens where token_hash = $1',
          [await hashOpaqueToken(token)],
        )
      )[0]?.session_id
    const endedSession = await sessionOf(ended.body.refreshToken)
    await query(`update sessions set expires_at = now() - interval '40 days' where id = $1`, [
      endedSession,
    ])
    await query(
      `update refresh_tokens set rotated_at = now() - interval '8 days' where token_hash = $1`,
      [await hashOpaqueToken(rotatedLongAgo.body.refreshToken)],
    )
    await query(
      `update login_throttles set last_attempt_at = now() - interval '3 days' where email_hash = $1`,
      [await emailKey(idle)],
    )
    expect(await throttleOf(idle)).toBeDefined()

    const lease = createStoreConnector({
      databaseUrl: testEnv.DATABASE_URL ?? '',
      driver: 'http',
      localProxy: true,
      timeoutMs: 5000,
    }).open()
    const deleted = await lease.store.prune(new Date(), 900)
    expect(deleted.sessions).toBeGreaterThanOrEqual(1)
    expect(deleted.refreshTokens).toBeGreaterThanOrEqual(1)
    expect(deleted.loginThrottles).toBeGreaterThanOrEqual(1)

    expect(await query('select 1 from sessions where id = $1', [endedSession])).toHaveLength(0)
    expect(await throttleOf(idle)).toBeUndefined()
    expect(await sessionOf(live.body.refreshToken)).toBeDefined()
    expect((await refreshWith(app, live.body.refreshToken)).status).toBe(200)
    // The pruned rotated token is simply unknown now: refused, without revoking anything.
    expect((await refreshWith(app, rotatedLongAgo.body.refreshToken)).status).toBe(401)
    const [session] = await query<{ revoked_at: Date | null }>(
      'select revoked_at from sessions where id = $1',
      [await sessionOf(successor.refreshToken)],
    )
    expect(session).toEqual({ revoked_at: null })
    expect((await refreshWith(app, successor.refreshToken)).status).toBe(200)
  })
})
