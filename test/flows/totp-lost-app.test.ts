/**
 * A user who lost the authenticator app: an unused recovery code (with the password, where the
 * password is asked for) turns TOTP off or replaces the recovery codes, so they can enrol again
 * (ASVS 5.0 V6.4.4; outside review of issue 13: only an app code was taken, and setup answers 409
 * while TOTP is on, so such a user lived on their remaining recovery codes).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, me, PASSWORD, postJson, registerUser, type TestApp } from '../helpers/app.ts'
import { throttleOf } from '../helpers/db.ts'
import { enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function turnOff(app: TestApp, token: string, body: Record<string, string>) {
  return app.request('/auth/mfa/totp', {
    method: 'DELETE',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function factorsOf(app: TestApp, token: string): Promise<string[]> {
  return ((await (await me(app, token)).json()) as { user: { factors: string[] } }).user.factors
}

describe('lost the app, kept the recovery codes', () => {
  it('turns TOTP off with the password and a recovery code, then enrols again', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    const { recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
    const [first, second] = recoveryCodes as [string, string]
    // The password is checked first: a wrong one does not use the code up.
    expect(
      (await turnOff(app, body.token, { currentPassword: 'wrong', recoveryCode: first })).status,
    ).toBe(401)
    expect(
      (await turnOff(app, body.token, { currentPassword: PASSWORD, recoveryCode: first })).status,
    ).toBe(204)
    expect(await factorsOf(app, body.token)).toEqual([])
    expect(await throttleOf(email)).toBeUndefined()
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
    await enrolTotp(app, body.token, PASSWORD) // a new secret, new recovery codes
    expect(await factorsOf(app, body.token)).toEqual(['totp'])
    // The old codes went with the old secret.
    const old = await turnOff(app, body.token, { currentPassword: PASSWORD, recoveryCode: second })
    expect(old.status).toBe(400)
    expect(await old.json()).toMatchObject({ code: 'invalid_code' })
  })

  it('takes each recovery code once, as at login', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    const { recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
    const [used, spare] = recoveryCodes as [string, string]
    const login = await postJson(app, '/auth/login', { email, password: PASSWORD })
    const { mfaToken } = ((await login.json()) as { details: { mfaToken: string } }).details
    expect((await postJson(app, '/auth/login/mfa', { mfaToken, recoveryCode: used })).status).toBe(
      200,
    )
    const again = await turnOff(app, body.token, { currentPassword: PASSWORD, recoveryCode: used })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'invalid_code' })
    expect(
      (await turnOff(app, body.token, { currentPassword: PASSWORD, recoveryCode: spare })).status,
    ).toBe(204)
  })

  it('new recovery codes for a recovery code; the old ones, that one included, stop working', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    const { recoveryCodes } = await enrolTotp(app, body.token, PASSWORD)
    const [first, second] = recoveryCodes as [string, string]
    const auth = bearer(body.token)
    const fresh = await postJson(app, '/auth/mfa/recovery-codes', { recoveryCode: first }, auth)
    expect(fresh.status).toBe(200)
    const { recoveryCodes: next } = (await fresh.json()) as { recoveryCodes: string[] }
    expect(next).toHaveLength(10)
    for (const recoveryCode of [first, second])
      expect((await postJson(app, '/auth/mfa/recovery-codes', { recoveryCode }, auth)).status).toBe(
        400,
      )
    expect(
      (
        await turnOff(app, body.token, {
          currentPassword: PASSWORD,
          recoveryCode: next[0] as string,
        })
      ).status,
    ).toBe(204)
  })

  it('without any code: 400 validation_failed, before anything is counted', async () => {
    const app = await buildTestApp()
    const { email, body } = await registerUser(app)
    await enrolTotp(app, body.token, PASSWORD)
    const off = await turnOff(app, body.token, { currentPassword: PASSWORD })
    expect(off.status).toBe(400)
    expect(await off.json()).toMatchObject({ code: 'validation_failed' })
    const codes = await postJson(app, '/auth/mfa/recovery-codes', {}, bearer(body.token))
    expect(codes.status).toBe(400)
    expect(await codes.json()).toMatchObject({ code: 'validation_failed' })
    expect(await throttleOf(email)).toBeUndefined()
  })
})
