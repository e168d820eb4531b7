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
import { captureMail } from '../helpers/mail.ts'

describe('pruning (the hourly cron in wrangler.toml)', () => {
  it('deletes long-ended sessions, old rotated tokens and idle counters; keeps what is live', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const live = await registerUser(app)
    // A link mailed now and today's mail counter: both must outlive the prune.
    await postJson(app, '/auth/password/forgot', { email: live.email })
    const liveLink = mail.tokenOf('reset_password', live.email)
    const liveCounter = `reset_password:${await emailKey(live.email)}`
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
    const [link] = await query<{ id: string }>(
      `insert into one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at)
       values (md5(random()::text)::uuid, null, 'reset_password', md5(random()::text),
               now() - interval '3 days', now() - interval '2 days') returning id`,
    )
    const mailKey = `reset:${crypto.randomUUID()}`
    await query(
      `insert into mail_throttles (key, day, sent, last_sent_at)
       values ($1, '2000-01-01', 1, now() - interval '3 days')`,
      [mailKey],
    )

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
    expect(deleted.oneTimeTokens).toBeGreaterThanOrEqual(1)
    expect(deleted.mailThrottles).toBeGreaterThanOrEqual(1)
    expect(deleted.complete).toBe(true)
    expect(await query('select 1 from one_time_tokens where id = $1', [link?.id])).toHaveLength(0)
    expect(await query('select 1 from mail_throttles where key = $1', [mailKey])).toHaveLength(0)

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

    // Today's counter still refuses a second mail this minute (a prune that wiped it would
    // lift the daily cap), and the unexpired link still works.
    expect(await query('select sent from mail_throttles where key = $1', [liveCounter])).toEqual([
      { sent: 1 },
    ])
    await postJson(app, '/auth/password/forgot', { email: live.email })
    expect(mail.to(live.email).filter((m) => m.kind === 'reset_password')).toHaveLength(1)
    const reset = await postJson(app, '/auth/password/reset', {
      token: liveLink,
      newPassword: 'a brand new battery staple',
    })
    expect(reset.status).toBe(200)
  })

  it('deletes in batches of at most batchRows and stops at its statement and time limits', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const [{ session_id: sessionId } = { session_id: '' }] = await query<{ session_id: string }>(
      'select session_id from refresh_tokens where token_hash = $1',
      [await hashOpaqueToken(body.refreshToken)],
    )
    const seeded = await query<{ id: string }>(
      `insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at, rotated_at)
       select md5(random()::text || g)::uuid, $1, md5(random()::text || g),
              now() - interval '9 days', now() - interval '2 days', now() - interval '8 days'
       from generate_series(1, 30) g returning id`,
      [sessionId],
    )
    const store = createStoreConnector({
      databaseUrl: testEnv.DATABASE_URL ?? '',
      driver: 'http',
      localProxy: true,
      timeoutMs: 5000,
    }).open().store
    const left = async () =>
      (
        await query('select 1 from refresh_tokens where id = any($1::uuid[])', [
          seeded.map((row) => row.id),
        ])
      ).length

    const limited = await store.prune(new Date(), 900, { batchRows: 2, statements: 3, ms: 60_000 })
    expect(limited).toMatchObject({ statements: 3, complete: false })
    const { statements: _, complete: __, ...perTable } = limited
    const total = Object.values(perTable).reduce((sum, n) => sum + n, 0)
    expect(total).toBeLessThanOrEqual(6)
    expect(await left()).toBeLessThanOrEqual(24)

    const outOfTime = await store.prune(new Date(), 900, { batchRows: 2, statements: 40, ms: 0 })
    expect(outOfTime).toMatchObject({ statements: 0, complete: false, refreshTokens: 0 })

    const finished = await store.prune(new Date(), 900, {
      batchRows: 7,
      statements: 1000,
      ms: 60_000,
    })
    expect(finished.complete).toBe(true)
    expect(await left()).toBe(0)
    expect((await refreshWith(app, body.refreshToken)).status).toBe(200)
  })
})
