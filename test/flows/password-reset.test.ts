/** Password reset by mail (issue 11, flow 1): POST /auth/password/forgot and /reset. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  uniqueEmail,
} from '../helpers/app.ts'
import { countQueries, emailKey, query, throttleOf } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

const NEW_PASSWORD = 'a brand new battery staple'
afterEach(() => vi.useRealTimers())

async function setup() {
  const mail = captureMail()
  const app = await buildTestApp({ outbox: mail })
  const forgot = (email: string) => postJson(app, '/auth/password/forgot', { email })
  const reset = (token: string, newPassword = NEW_PASSWORD) =>
    postJson(app, '/auth/password/reset', { token, newPassword })
  return { app, mail, forgot, reset }
}

/** The parts of an answer a caller can compare (not the per-request id or date). */
async function shape(res: Response) {
  const headers = [...res.headers].filter(([name]) => !['x-request-id', 'date'].includes(name))
  return { status: res.status, body: await res.text(), headers }
}

describe('forgot password', () => {
  it('answers a known and an unknown address the same, with the same round trips', async () => {
    const { app, mail, forgot } = await setup()
    const { email } = await registerUser(app)
    const known = await countQueries(() => forgot(email))
    const unknown = await countQueries(() => forgot(uniqueEmail('nobody')))
    expect(await shape(known.result)).toEqual(await shape(unknown.result))
    expect(known.result.status).toBe(202)
    expect(known.queries).toBe(unknown.queries)
    // One queue message either way: the unknown address's is a decoy the consumer drops.
    expect(mail.sent.filter((m) => m.kind === 'reset_password')).toHaveLength(1)
    expect(mail.decoys).toBe(1)
    expect(mail.tokenOf('reset_password', email)).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('mails at most once a minute, five a day, and a newer link replaces the older', async () => {
    const { app, mail, forgot, reset } = await setup()
    const { email } = await registerUser(app)
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = Date.now()
    await forgot(email)
    const first = mail.tokenOf('reset_password', email)
    expect((await forgot(email)).status).toBe(202) // within the minute: no mail
    expect(mail.to(email).filter((m) => m.kind === 'reset_password')).toHaveLength(1)
    for (let minute = 1; minute <= 5; minute++) {
      vi.setSystemTime(start + minute * 61_000)
      await forgot(email)
    }
    expect(mail.to(email).filter((m) => m.kind === 'reset_password')).toHaveLength(5)
    expect((await reset(first)).status).toBe(400) // replaced
    expect((await reset(mail.tokenOf('reset_password', email))).status).toBe(200)
  })

  it('counts mail to an unknown address exactly as to a known one (the same work)', async () => {
    const { app, forgot } = await setup()
    const { email } = await registerUser(app)
    const unknown = uniqueEmail('nobody')
    const counterOf = async (address: string) =>
      query<{ sent: number }>('select sent from mail_throttles where key = $1', [
        `reset_password:${await emailKey(address)}`,
      ])
    for (const address of [email, unknown]) {
      await forgot(address)
      await forgot(address) // within the minute: refused, and not counted either
    }
    expect(await counterOf(email)).toEqual([{ sent: 1 }])
    expect(await counterOf(unknown)).toEqual([{ sent: 1 }])
  })
})

describe('mailed links at rest', () => {
  it('stores only the SHA-256 of each mailed token, never the token itself', async () => {
    const { app, mail, forgot } = await setup()
    const { email, body } = await registerUser(app)
    await forgot(email)
    const next = uniqueEmail('next')
    await postJson(
      app,
      '/auth/email/change',
      { newEmail: next, currentPassword: PASSWORD },
      { authorization: `Bearer ${body.token}` },
    )
    const tokens = [
      mail.tokenOf('verify_email', email),
      mail.tokenOf('reset_password', email),
      mail.tokenOf('confirm_email_change', next),
    ]
    const stored = await query<{ token_hash: string; row: string }>(
      'select token_hash, to_jsonb(o)::text as row from one_time_tokens o where user_id = $1',
      [body.user.id],
    )
    expect(stored.map((r) => r.token_hash).sort()).toEqual(
      (await Promise.all(tokens.map(sha256))).sort(),
    )
    for (const { row } of stored) for (const token of tokens) expect(row).not.toContain(token)
  })
})

/** SHA-256, base64url without padding: computed here, not with the code under test. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

describe('reset password', () => {
  it('sets the password, ends every session, clears the lockout, verifies the address', async () => {
    const { app, mail, forgot, reset } = await setup()
    const { email, body: old } = await registerUser(app)
    for (let i = 0; i < 5; i++) await postJson(app, '/auth/login', { email, password: 'wrong!!!!' })
    expect((await throttleOf(email))?.locked).toBe(true)
    await forgot(email)
    const res = await reset(mail.tokenOf('reset_password', email))
    expect(res.status).toBe(200)
    const pair = (await res.json()) as SessionBody
    expect((await me(app, old.token)).status).toBe(401)
    expect((await refreshWith(app, old.refreshToken)).status).toBe(401)
    expect(await throttleOf(email)).toBeUndefined()
    const profile = (await (await me(app, pair.token)).json()) as {
      user: { emailVerified: boolean }
    }
    expect(profile.user.emailVerified).toBe(true)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(401)
    await loginUser(app, email, NEW_PASSWORD)
    expect(mail.to(email).map((m) => m.kind)).toContain('password_changed')
  })

  it('works once: a reused, racing, expired, garbage or GET-ed link changes nothing', async () => {
    const { app, mail, forgot, reset } = await setup()
    const { email } = await registerUser(app)
    await forgot(email)
    const token = mail.tokenOf('reset_password', email)
    // A mail scanner prefetching the link: GET is not even a route.
    expect((await app.request(`/auth/password/reset?token=${token}`)).status).toBe(405)
    const racing = await Promise.all([reset(token), reset(token), reset(token)])
    expect(racing.map((r) => r.status).sort()).toEqual([200, 400, 400])
    const again = await reset(token)
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'invalid_link' })
    const garbage = await countQueries(() => reset('not-a-token'))
    expect(garbage.result.status).toBe(400)
    expect(garbage.queries).toBe(0)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 61_000)
    await forgot(email)
    const later = mail.tokenOf('reset_password', email)
    vi.setSystemTime(Date.now() + 31 * 60_000)
    expect((await reset(later)).status).toBe(400) // expired after 30 minutes
  })

  it('holds the new password to the policy without using up the link', async () => {
    const { app, mail, forgot, reset } = await setup()
    const { email } = await registerUser(app)
    await forgot(email)
    const token = mail.tokenOf('reset_password', email)
    const weak = await reset(token, 'password123')
    expect(weak.status).toBe(400)
    expect(await weak.json()).toMatchObject({ code: 'weak_password' })
    expect((await reset(token)).status).toBe(200)
  })

  it('a login racing a reset never keeps a session started with the old password', async () => {
    const { app, mail, forgot, reset } = await setup()
    for (let trial = 0; trial < 10; trial++) {
      const { email } = await registerUser(app)
      await forgot(email)
      const token = mail.tokenOf('reset_password', email)
      const [done, ...logins] = await Promise.all([
        reset(token),
        ...Array.from({ length: 8 }, () =>
          postJson(app, '/auth/login', { email, password: PASSWORD }),
        ),
      ])
      expect(done.status).toBe(200)
      for (const login of logins.filter((r) => r.status === 200)) {
        const pair = (await login.json()) as SessionBody
        expect((await me(app, pair.token)).status).toBe(401)
      }
    }
  })
})
