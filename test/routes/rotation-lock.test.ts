/**
 * The rotation's row lock on its session (src/db/refresh-token-store.ts `liveSessionOf`), made
 * deterministic: a transaction of the test ends the session and holds its row while a refresh
 * arrives, as a logout, reuse revocation or password change does for a few milliseconds.
 */
import { Pool } from '@neondatabase/serverless'
import { describe, expect, it } from 'vitest'
import { buildTestApp, me, refreshWith, registerUser, testEnv } from '../helpers/app.ts'
import { ON_POSTGRES } from '../helpers/backend.ts'

/** Opens a transaction that ends the user's sessions and holds their rows until `commit`. */
async function endingSessionsOf(userId: string) {
  const pool = new Pool({ connectionString: testEnv.DATABASE_URL, max: 1 })
  pool.on('error', () => {}) // the socket closing after pool.end() is not a failure
  const client = await pool.connect()
  await client.query('begin')
  await client.query(
    `update sessions set revoked_at = now(), revoked_reason = 'logout' where user_id = $1`,
    [userId],
  )
  return {
    async commit() {
      await client.query('commit')
      client.release()
      await pool.end()
    },
  }
}

const WAITING = Symbol('waiting')
const after = (ms: number) => new Promise<typeof WAITING>((r) => setTimeout(() => r(WAITING), ms))

describe.skipIf(!ON_POSTGRES)('a refresh arriving while its session is being ended', () => {
  it('waits for the end and answers 401: no pair is handed out for an ended session', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const ending = await endingSessionsOf(body.user.id)
    const pending = refreshWith(app, body.refreshToken)
    // Not answered while the ending transaction holds the session row...
    expect(await Promise.race([pending, after(300)])).toBe(WAITING)
    await ending.commit()
    // ...and then it sees the session ended.
    const refresh = await pending
    expect(refresh.status).toBe(401)
    expect(await refresh.json()).toMatchObject({ code: 'invalid_token' })
    expect((await me(app, body.token)).status).toBe(401)
  })
})
