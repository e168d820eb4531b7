/**
 * The Worker's `scheduled` handler itself (wrangler.toml `[triggers]`, the hourly housekeeping of
 * README "Security notes"), called as the runtime calls it: the entry's export, with the test
 * env, a ScheduledController and an ExecutionContext whose waitUntil it must use.
 * test/db/prune.test.ts covers what each kind of row needs to be pruned.
 */
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashOpaqueToken } from '../src/auth/opaque-token.ts'
import worker from '../src/index.ts'
import {
  buildTestApp,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  testEnv,
  uniqueEmail,
} from './helpers/app.ts'
import { emailKey, query, throttleOf } from './helpers/db.ts'

afterEach(() => vi.restoreAllMocks())

async function runCron(env: Record<string, unknown>) {
  const ctx = createExecutionContext()
  const controller = createScheduledController({ cron: '23 * * * *', scheduledTime: Date.now() })
  await worker.scheduled(controller, env as unknown as Env, ctx)
  await waitOnExecutionContext(ctx)
}

/** The JSON lines the entry logged through the console while `run` ran. */
async function consoleLines(run: () => Promise<void>) {
  const lines: Record<string, unknown>[] = []
  for (const method of ['log', 'warn', 'error'] as const)
    vi.spyOn(console, method).mockImplementation((line: unknown) => {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>)
    })
  await run()
  vi.restoreAllMocks()
  return lines
}

describe('the scheduled handler (hourly cron)', () => {
  it('prunes long-ended sessions, old rotated tokens and idle counters, keeps the rest, logs counts', async () => {
    const app = await buildTestApp()
    const live = await registerUser(app)
    const ended = await registerUser(app)
    const rotated = await registerUser(app)
    const successor = (await (
      await refreshWith(app, rotated.body.refreshToken)
    ).json()) as SessionBody
    const idle = uniqueEmail('cron-idle')
    await postJson(app, '/auth/login', { email: idle, password: 'wrong password!' })
    const hashOf = hashOpaqueToken
    await query(
      `update sessions set revoked_at = now() - interval '31 days'
       where id = (select session_id from refresh_tokens where token_hash = $1)`,
      [await hashOf(ended.body.refreshToken)],
    )
    await query(
      `update refresh_tokens set rotated_at = now() - interval '8 days' where token_hash = $1`,
      [await hashOf(rotated.body.refreshToken)],
    )
    await query(
      `update login_throttles set last_attempt_at = now() - interval '2 days' where email_hash = $1`,
      [await emailKey(idle)],
    )

    const lines = await consoleLines(() => runCron(testEnv))
    const pruned = lines.find((line) => line.msg === 'pruned')
    expect(pruned).toMatchObject({
      level: 'info',
      sessions: expect.any(Number),
      refreshTokens: expect.any(Number),
      loginThrottles: expect.any(Number),
    })
    for (const count of ['sessions', 'refreshTokens', 'loginThrottles'])
      expect(pruned?.[count]).toBeGreaterThanOrEqual(1)

    const tokenRow = async (token: string) =>
      query('select 1 from refresh_tokens where token_hash = $1', [await hashOf(token)])
    expect(await tokenRow(ended.body.refreshToken)).toHaveLength(0)
    expect(await tokenRow(rotated.body.refreshToken)).toHaveLength(0)
    expect(await throttleOf(idle)).toBeUndefined()
    expect((await refreshWith(app, live.body.refreshToken)).status).toBe(200)
    expect((await refreshWith(app, successor.refreshToken)).status).toBe(200)
  })

  it('with a broken configuration logs the variable names and throws nothing', async () => {
    const lines = await consoleLines(() => runCron({ ...testEnv, LOCKOUT_SECRET: 'short' }))
    expect(lines).toEqual([
      { level: 'error', msg: 'invalid configuration', variables: ['LOCKOUT_SECRET'], cron: true },
    ])
  })
})
