/**
 * Deleting and exporting an account that has everything: sessions, TOTP with recovery codes, a
 * passkey, a mailed link with its counter and a failed-login counter (issue 12, item 4).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type TestApp,
} from '../helpers/app.ts'
import { type FrozenClock, freezeTime } from '../helpers/clock.ts'
import { emailKey, query } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'
import { registerPasskey } from '../helpers/passkey.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function withEverything(app: TestApp, clock: FrozenClock) {
  const { email, body } = await registerUser(app)
  const totp = await enrolTotp(app, body.token, PASSWORD)
  await registerPasskey(app, body.token)
  expect((await postJson(app, '/auth/password/forgot', { email })).status).toBe(202)
  expect((await postJson(app, '/auth/login', { email, password: 'not it' })).status).toBe(401)
  clock.at(60) // a TOTP step later than the one that confirmed the factor
  return { email, body, ...totp }
}

/** Rows about the user in every table, by user id, by session id and by the address's key. */
async function rowsAbout(userId: string, sessionIds: string[], email: string) {
  const key = await emailKey(email)
  const [counts] = await query<Record<string, string>>(
    `select
      (select count(*) from users where id = $1) as users,
      (select count(*) from sessions where user_id = $1) as sessions,
      (select count(*) from refresh_tokens where session_id = any($2::uuid[])) as refresh_tokens,
      (select count(*) from one_time_tokens where user_id = $1) as one_time_tokens,
      (select count(*) from totp_factors where user_id = $1) as totp_factors,
      (select count(*) from recovery_codes where user_id = $1) as recovery_codes,
      (select count(*) from passkeys where user_id = $1) as passkeys,
      (select count(*) from login_throttles where email_hash = $3) as login_throttles,
      (select count(*) from mail_throttles where position($3 in key) > 0) as mail_throttles`,
    [userId, sessionIds, key],
  )
  return Object.fromEntries(Object.entries(counts ?? {}).map(([table, n]) => [table, Number(n)]))
}

describe('DELETE /auth/account with a second factor', () => {
  it('succeeds with the password and a code, and leaves no row about the user or address', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email, body, secret } = await withEverything(app, freezeTime())
    const userId = body.user.id
    const sessions = await query<{ id: string }>('select id from sessions where user_id = $1', [
      userId,
    ])
    const sessionIds = sessions.map((s) => s.id)
    const before = await rowsAbout(userId, sessionIds, email)
    for (const [table, n] of Object.entries(before)) expect([table, n > 0]).toEqual([table, true])

    const res = await app.request('/auth/account', {
      method: 'DELETE',
      headers: { ...bearer(body.token), 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, code: await codeAt(secret) }),
    })
    expect(res.status).toBe(204)
    const after = await rowsAbout(userId, sessionIds, email)
    expect(after).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])))
    expect((await me(app, body.token)).status).toBe(401)
    expect((await refreshWith(app, body.refreshToken)).status).toBe(401)
    expect(mail.to(email).map((m) => m.kind)).toContain('account_deleted')
  })
})
