/**
 * REFRESH_REUSE_INTERVAL=0 refuses every reuse (README, "Sessions"), and rotation is one
 * conditional UPDATE that only a current token matches: of twenty concurrent refreshes with one
 * token exactly one rotates it. With the 10 s grace the others would get pairs too, so these run
 * without it, where nothing but the `rotated_at is null` guard stands between a token and a
 * second rotation.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { hashOpaqueToken } from '../../src/auth/opaque-token.ts'
import {
  buildTestApp,
  me,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { ON_POSTGRES } from '../helpers/backend.ts'
import { query } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp({ env: { REFRESH_REUSE_INTERVAL: '0' } })
})

/** The presented token's row, its session's, and every token of that session. */
async function family(refreshToken: string) {
  const [token] = await query<{ id: string; session_id: string; replaced_by: string | null }>(
    'select id, session_id, replaced_by from refresh_tokens where token_hash = $1',
    [await hashOpaqueToken(refreshToken)],
  )
  const [session] = await query<{ revoked_reason: string | null }>(
    'select revoked_reason from sessions where id = $1',
    [token?.session_id],
  )
  const tokens = await query<{ id: string; token_hash: string }>(
    'select id, token_hash from refresh_tokens where session_id = $1',
    [token?.session_id],
  )
  return { token, session, successors: tokens.filter((t) => t.id !== token?.id) }
}

describe('REFRESH_REUSE_INTERVAL=0', () => {
  it('refuses a reuse at once, even within the same second, and revokes the session', async () => {
    const { body } = await registerUser(app)
    const res = await refreshWith(app, body.refreshToken)
    expect(res.status).toBe(200)
    const next = (await res.json()) as SessionBody
    const reuse = await refreshWith(app, body.refreshToken)
    expect(reuse.status).toBe(401)
    expect(await reuse.json()).toMatchObject({ code: 'invalid_token' })
    expect((await family(body.refreshToken)).session?.revoked_reason).toBe('reuse')
    expect((await refreshWith(app, next.refreshToken)).status).toBe(401)
    expect((await me(app, next.token)).status).toBe(401)
  })

  it.skipIf(!ON_POSTGRES)(
    'twenty concurrent refreshes with one token: exactly one 200, nineteen 401, one successor',
    async () => {
      const { body } = await registerUser(app)
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => refreshWith(app, body.refreshToken)),
      )
      const statuses = answers.map((res) => res.status)
      expect(statuses.filter((s) => s === 200)).toHaveLength(1)
      expect(statuses.filter((s) => s === 401)).toHaveLength(19)
      const winner = (await answers[statuses.indexOf(200)]?.json()) as SessionBody
      const { token, session, successors } = await family(body.refreshToken)
      expect(successors).toHaveLength(1)
      expect(successors[0]?.id).toBe(token?.replaced_by)
      expect(successors[0]?.token_hash).toBe(await hashOpaqueToken(winner.refreshToken))
      // The others presented a rotated token: with no grace, that is reuse.
      expect(session?.revoked_reason).toBe('reuse')
    },
  )
})
