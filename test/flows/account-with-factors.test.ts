/**
 * Deleting and exporting an account that has everything: sessions, TOTP with recovery codes, a
 * passkey, a mailed link with its counter and a failed-login counter (issue 12, items 4 and 5).
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
  await registerPasskey(app, body.token) // before TOTP: the password alone adds it
  const totp = await enrolTotp(app, body.token, PASSWORD)
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

describe('GET /auth/account/export with a second factor and a passkey', () => {
  it('lists both, with no secret, key or hash anywhere in the body', async () => {
    const app = await buildTestApp()
    const { body, secret, recoveryCodes } = await withEverything(app, freezeTime())
    const res = await app.request('/auth/account/export', { headers: bearer(body.token) })
    expect(res.status).toBe(200)
    const text = await res.text()
    const data = JSON.parse(text) as { secondFactors: unknown[]; passkeys: unknown[] }
    expect(data.secondFactors).toEqual([
      {
        type: 'totp',
        createdAt: expect.any(String),
        confirmedAt: expect.any(String),
        recoveryCodesLeft: 10,
      },
    ])
    expect(data.passkeys).toEqual([
      expect.objectContaining({ name: 'Laptop', createdAt: expect.any(String) }),
    ])
    const [stored] = await query<Record<string, string[]>>(
      `select array[u.password_hash, t.secret_ciphertext] as secrets,
        (select array_agg(code_hash) from recovery_codes where user_id = u.id) as codes,
        (select array_agg(r.token_hash) from refresh_tokens r join sessions s
          on s.id = r.session_id where s.user_id = u.id) as tokens,
        (select array_agg(token_hash) from one_time_tokens where user_id = u.id) as links
      from users u join totp_factors t on t.user_id = u.id where u.id = $1`,
      [body.user.id],
    )
    const hidden = [secret, body.refreshToken, ...recoveryCodes, ...Object.values(stored ?? {})]
    expect(hidden.flat().length).toBeGreaterThan(25)
    for (const value of hidden.flat()) expect(text).not.toContain(value)
  })
})
