/** A second factor: TOTP with recovery codes (issue 13). */
import { decodeJwt } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { query } from '../helpers/db.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

interface MfaRequired {
  code: string
  details: { mfaToken: string; methods: string[] }
}

async function withTotp(app: TestApp) {
  const { email, body } = await registerUser(app)
  const factor = await enrolTotp(app, body.token, PASSWORD)
  return { email, body, ...factor }
}

async function passwordStep(app: TestApp, email: string): Promise<MfaRequired> {
  const res = await postJson(app, '/auth/login', { email, password: PASSWORD })
  expect(res.status).toBe(403)
  return (await res.json()) as MfaRequired
}

const sessionsOf = async (email: string) =>
  Number(
    (
      await query<{ n: string }>(
        'select count(*) as n from sessions s join users u on u.id = s.user_id where u.email = $1',
        [email],
      )
    )[0]?.n,
  )

describe('enrolment', () => {
  it('setup answers a pending secret; a wrong code does not confirm it; the right one answers ten codes', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    const setup = await postJson(
      app,
      '/auth/mfa/totp/setup',
      { currentPassword: PASSWORD },
      bearer(body.token),
    )
    const { secret, uri } = (await setup.json()) as { secret: string; uri: string }
    expect(secret).toMatch(/^[A-Z2-7]{32}$/) // 160 bits, base32
    expect(uri).toMatch(/^otpauth:\/\/totp\/edge-auth:.+\?secret=[A-Z2-7]{32}&issuer=edge-auth/)
    const [row] = await query<{ c: string }>(
      'select secret_ciphertext as c from totp_factors f join users u on u.id = f.user_id where u.email = $1',
      [email],
    )
    expect(row?.c).not.toContain(secret) // sealed at rest
    const wrong = await postJson(
      app,
      '/auth/mfa/totp/confirm',
      { code: '000000' },
      bearer(body.token),
    )
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ code: 'invalid_code' })
    const ok = await postJson(
      app,
      '/auth/mfa/totp/confirm',
      { code: await codeAt(secret) },
      bearer(body.token),
    )
    expect(ok.status).toBe(200)
    const { recoveryCodes } = (await ok.json()) as { recoveryCodes: string[] }
    expect(new Set(recoveryCodes).size).toBe(10)
    const profile = (await (await me(app, body.token)).json()) as { user: { factors: string[] } }
    expect(profile.user.factors).toEqual(['totp'])
    const again = await postJson(
      app,
      '/auth/mfa/totp/setup',
      { currentPassword: PASSWORD },
      bearer(body.token),
    )
    expect(again.status).toBe(409)
  })
})

describe('login with TOTP on', () => {
  it('a correct password answers 403 mfa_required with an mfaToken and starts no session', async () => {
    const app = await buildTestApp()
    const { email, secret } = await withTotp(app)
    const before = await sessionsOf(email)
    const challenge = await passwordStep(app, email)
    expect(challenge).toMatchObject({
      code: 'mfa_required',
      details: { methods: ['totp', 'recovery_code'] },
    })
    expect(await sessionsOf(email)).toBe(before)
    const { mfaToken } = challenge.details
    // The enrolment used this 30-second step's code: a step is accepted once.
    const replay = await postJson(app, '/auth/login/mfa', { mfaToken, code: await codeAt(secret) })
    expect(replay.status).toBe(401)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 30_000)
    const res = await postJson(app, '/auth/login/mfa', { mfaToken, code: await codeAt(secret) })
    expect(res.status).toBe(200)
    const pair = (await res.json()) as SessionBody
    expect(decodeJwt(pair.token).amr).toEqual(['pwd', 'otp', 'mfa'])
    const refreshed = (await (await refreshWith(app, pair.refreshToken)).json()) as SessionBody
    expect(decodeJwt(refreshed.token).amr).toEqual(['pwd', 'otp', 'mfa'])
    expect(
      (await postJson(app, '/auth/login/mfa', { mfaToken, code: await codeAt(secret) })).status,
    ).toBe(401)
  })

  it('refuses a replayed code, a code two steps away, and the mfaToken anywhere else', async () => {
    const app = await buildTestApp()
    const { email, secret } = await withTotp(app)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000) // past the step the enrolment used
    const first = await passwordStep(app, email)
    const code = await codeAt(secret)
    expect(
      (await postJson(app, '/auth/login/mfa', { mfaToken: first.details.mfaToken, code })).status,
    ).toBe(200)
    const second = await passwordStep(app, email)
    const replayed = await postJson(app, '/auth/login/mfa', {
      mfaToken: second.details.mfaToken,
      code,
    })
    expect(replayed.status).toBe(401)
    expect(await replayed.json()).toMatchObject({ code: 'invalid_credentials' })
    const stale = await codeAt(secret, Date.now() - 60_000)
    expect(
      (await postJson(app, '/auth/login/mfa', { mfaToken: second.details.mfaToken, code: stale }))
        .status,
    ).toBe(401)
    const { mfaToken } = second.details
    expect((await me(app, mfaToken)).status).toBe(401)
    expect((await refreshWith(app, mfaToken)).status).toBe(401)
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1_000) // the mfaToken lives 5 minutes
    const late = await postJson(app, '/auth/login/mfa', { mfaToken, code: await codeAt(secret) })
    expect(late.status).toBe(401)
    expect(await late.json()).toMatchObject({ code: 'invalid_token' })
  })

  it('takes each recovery code once; racing requests with one mfaToken: one wins', async () => {
    const app = await buildTestApp()
    const { email, recoveryCodes } = await withTotp(app)
    const { mfaToken } = (await passwordStep(app, email)).details
    const answers = await Promise.all(
      recoveryCodes
        .slice(0, 4)
        .map((recoveryCode) => postJson(app, '/auth/login/mfa', { mfaToken, recoveryCode })),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401])
    const next = (await passwordStep(app, email)).details.mfaToken
    const used = await postJson(app, '/auth/login/mfa', {
      mfaToken: next,
      recoveryCode: recoveryCodes[9],
    })
    expect(used.status).toBe(200)
    const again = (await passwordStep(app, email)).details.mfaToken
    expect(
      (await postJson(app, '/auth/login/mfa', { mfaToken: again, recoveryCode: recoveryCodes[9] }))
        .status,
    ).toBe(401)
  })

  it('wrong codes count in the per-account lockout like wrong passwords', async () => {
    const app = await buildTestApp()
    const { email } = await withTotp(app)
    const { mfaToken } = (await passwordStep(app, email)).details
    for (let i = 0; i < 4; i++)
      expect((await postJson(app, '/auth/login/mfa', { mfaToken, code: '000000' })).status).toBe(
        401,
      )
    // The password step counted once and was not cleared (a factor is on): 1 + 4 = 5 locks it.
    const locked = await postJson(app, '/auth/login/mfa', { mfaToken, code: '000000' })
    expect(locked.status).toBe(429)
    const after = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(after.status).toBe(429)
    expect(after.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})

describe('everywhere a password is re-checked, a code is asked for too', () => {
  it('password change, email change and account deletion answer 403 mfa_required without one', async () => {
    const app = await buildTestApp()
    const { body, secret } = await withTotp(app)
    const auth = bearer(body.token)
    const change = { currentPassword: PASSWORD, newPassword: 'another battery staple' }
    const cases: [string, string, Record<string, string>][] = [
      ['POST', '/auth/password', change],
      [
        'POST',
        '/auth/email/change',
        { newEmail: `moved-${crypto.randomUUID()}@example.com`, currentPassword: PASSWORD },
      ],
      ['DELETE', '/auth/account', { currentPassword: PASSWORD }],
    ]
    for (const [method, path, input] of cases) {
      const res = await app.request(path, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'mfa_required' })
    }
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
    const ok = await postJson(
      app,
      '/auth/password',
      { ...change, code: await codeAt(secret) },
      auth,
    )
    expect(ok.status).toBe(200)
  })

  it('new recovery codes replace the old; turning TOTP off needs the password and a code', async () => {
    const app = await buildTestApp()
    const { email, body, secret, recoveryCodes } = await withTotp(app)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 60_000)
    const fresh = await postJson(
      app,
      '/auth/mfa/recovery-codes',
      { code: await codeAt(secret) },
      bearer(body.token),
    )
    expect(fresh.status).toBe(200)
    const { mfaToken } = (await passwordStep(app, email)).details
    expect(
      (await postJson(app, '/auth/login/mfa', { mfaToken, recoveryCode: recoveryCodes[0] })).status,
    ).toBe(401)
    vi.setSystemTime(Date.now() + 60_000)
    const off = (currentPassword: string, code: string) =>
      app.request('/auth/mfa/totp', {
        method: 'DELETE',
        headers: { ...bearer(body.token), 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword, code }),
      })
    expect((await off('not the password', await codeAt(secret))).status).toBe(401)
    expect((await off(PASSWORD, '000000')).status).toBe(400)
    vi.setSystemTime(Date.now() + 60_000)
    expect((await off(PASSWORD, await codeAt(secret))).status).toBe(204)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
  })
})
