import { describe, expect, it } from 'vitest'
import { hashOpaqueToken } from '../../src/auth/opaque-token.ts'
import type { NewSession } from '../../src/auth/store.ts'
import { createStoreConnector } from '../../src/db/connector.ts'
import { buildTestApp, refreshWith, registerUser, testEnv, uniqueEmail } from '../helpers/app.ts'
import { query, usersWithEmail } from '../helpers/db.ts'

// No partial writes: each multi-row write is one SQL statement, so a failure anywhere in it
// leaves nothing behind. The failures are forced with a primary key that already exists.
const stores = (['http', 'ws'] as const).map((driver) => ({
  driver,
  connector: createStoreConnector({
    databaseUrl: testEnv.DATABASE_URL ?? '',
    driver,
    localProxy: true,
    timeoutMs: 5000,
  }),
}))

function sessionWithIds(sessionId: string, tokenId: string, hash: string): NewSession {
  const now = Date.now()
  return {
    id: sessionId,
    createdAt: new Date(now),
    expiresAt: new Date(now + 3_600_000),
    userAgent: null,
    clientIp: null,
    country: null,
    city: null,
    amr: ['pwd'],
    token: { id: tokenId, hash, expiresAt: new Date(now + 600_000) },
  }
}

describe.each(stores)('atomic writes ($driver)', ({ connector }) => {
  it('registration: when the session cannot be written, the user is not written either', async () => {
    const app = await buildTestApp()
    const { email: existing } = await registerUser(app)
    const [taken] = await query<{ id: string }>(
      'select s.id from sessions s join users u on u.id = s.user_id where u.email = $1',
      [existing],
    )
    const email = uniqueEmail('atomic')
    const lease = connector.open()
    try {
      const user = { email, passwordHash: '$pbkdf2-sha256$i=1$AAAAAAAAAAA$AAAA', name: null }
      const failing = sessionWithIds(taken?.id ?? '', crypto.randomUUID(), crypto.randomUUID())
      const link = { id: crypto.randomUUID(), hash: crypto.randomUUID(), expiresAt: new Date() }
      await expect(lease.store.users.insertWithSession(user, failing, link)).rejects.toThrow()
    } finally {
      await lease.close()
    }
    expect(await usersWithEmail(email)).toHaveLength(0)
  })

  it('rotation: when the successor cannot be written, nothing of it is written', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const hash = await hashOpaqueToken(body.refreshToken)
    const tokenRow = async () =>
      (
        await query<{ session_id: string; rotated_at: Date | null; replaced_by: string | null }>(
          'select session_id, rotated_at, replaced_by from refresh_tokens where token_hash = $1',
          [hash],
        )
      )[0]
    const before = await tokenRow()
    // The successor's id is that of the user's own first token: its insert must fail.
    const [own] = await query<{ id: string }>(
      'select id from refresh_tokens where token_hash = $1',
      [hash],
    )
    const lease = connector.open()
    try {
      const next = {
        id: own?.id ?? '',
        hash: crypto.randomUUID(),
        expiresAt: new Date(Date.now() + 600_000),
      }
      await expect(lease.store.refreshTokens.rotate(hash, next, new Date())).rejects.toThrow()
    } finally {
      await lease.close()
    }
    // Checked in the database: the presented token is still current, and nothing was added.
    expect(await tokenRow()).toEqual({ ...before, rotated_at: null, replaced_by: null })
    const family = await query('select id from refresh_tokens where session_id = $1', [
      before?.session_id,
    ])
    expect(family).toHaveLength(1)
    // And it rotates as a current token, not through the reuse grace (there is none here).
    const strict = await buildTestApp({ env: { REFRESH_REUSE_INTERVAL: '0' } })
    expect((await refreshWith(strict, body.refreshToken)).status).toBe(200)
  })
})
