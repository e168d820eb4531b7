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

  it('rotation: when the successor cannot be written, the old token stays usable', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const [existingToken] = await query<{ id: string }>('select id from refresh_tokens limit 1')
    const lease = connector.open()
    try {
      const next = {
        id: existingToken?.id ?? '',
        hash: crypto.randomUUID(),
        expiresAt: new Date(Date.now() + 600_000),
      }
      const hash = await hashOpaqueToken(body.refreshToken)
      await expect(lease.store.refreshTokens.rotate(hash, next, new Date())).rejects.toThrow()
    } finally {
      await lease.close()
    }
    expect((await refreshWith(app, body.refreshToken)).status).toBe(200)
  })
})
