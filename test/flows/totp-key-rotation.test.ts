/** Rotating MFA_ENCRYPTION_KEY: secrets move to the new key as they are used (issue 13). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, PASSWORD, postJson, registerUser } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { query } from '../helpers/db.ts'
import { codeAt, enrolTotp } from '../helpers/totp.ts'

afterEach(() => vi.useRealTimers())

const OLD = 'old:b2xkIGtleSBmb3IgdGhlIHJvdGF0aW9uIHRlc3QgMzI'
const NEW = 'new:bmV3IGtleSBmb3IgdGhlIHJvdGF0aW9uIHRlc3QgMzI'

const keyIdOf = async (email: string) =>
  (
    await query<{ key_id: string }>(
      'select f.key_id from totp_factors f join users u on u.id = f.user_id where u.email = $1',
      [email],
    )
  )[0]?.key_id

/** A full sign-in with a TOTP code at `seconds` past the frozen start; the second step's status. */
async function signInWithCode(
  app: Awaited<ReturnType<typeof buildTestApp>>,
  email: string,
  secret: string,
  at: number,
) {
  const first = await postJson(app, '/auth/login', { email, password: PASSWORD })
  expect(first.status).toBe(403)
  const { mfaToken } = ((await first.json()) as { details: { mfaToken: string } }).details
  const res = await postJson(app, '/auth/login/mfa', { mfaToken, code: await codeAt(secret, at) })
  return res.status
}

describe('MFA_ENCRYPTION_KEY rotation', () => {
  it('a secret sealed under the old key opens beside the new one, moves on use, then needs only the new key', async () => {
    const clock = freezeTime()
    const before = await buildTestApp({ env: { MFA_ENCRYPTION_KEY: OLD } })
    const { email, body } = await registerUser(before)
    const { secret } = await enrolTotp(before, body.token, PASSWORD)
    expect(await keyIdOf(email)).toBe('old')

    const newOnly = await buildTestApp({ env: { MFA_ENCRYPTION_KEY: NEW } })
    const tooEarly = await postJson(newOnly, '/auth/login', { email, password: PASSWORD })
    const { mfaToken } = ((await tooEarly.json()) as { details: { mfaToken: string } }).details
    const refused = await postJson(newOnly, '/auth/login/mfa', {
      mfaToken,
      code: await codeAt(secret, clock.at(30)),
    })
    expect(refused.status).toBe(500) // the old key was dropped too early: misconfigured
    expect(await refused.json()).toMatchObject({ code: 'misconfigured' })

    const during = await buildTestApp({ env: { MFA_ENCRYPTION_KEY: `${NEW},${OLD}` } })
    expect(await signInWithCode(during, email, secret, clock.at(60))).toBe(200)
    expect(await keyIdOf(email)).toBe('new')

    expect(await signInWithCode(newOnly, email, secret, clock.at(90))).toBe(200)
  })
  it('with the key lost, app codes answer 500, but a recovery code signs in, turns TOTP off, and TOTP starts again under the new key', async () => {
    const clock = freezeTime()
    const before = await buildTestApp({ env: { MFA_ENCRYPTION_KEY: OLD } })
    const { email, body } = await registerUser(before)
    const { secret, recoveryCodes } = await enrolTotp(before, body.token, PASSWORD)
    const [first, second] = recoveryCodes as [string, string]

    const lost = await buildTestApp({ env: { MFA_ENCRYPTION_KEY: NEW } })
    expect(await signInWithCode(lost, email, secret, clock.at(30))).toBe(500)
    const step = await postJson(lost, '/auth/login', { email, password: PASSWORD })
    const { mfaToken } = ((await step.json()) as { details: { mfaToken: string } }).details
    const signedIn = await postJson(lost, '/auth/login/mfa', { mfaToken, recoveryCode: first })
    expect(signedIn.status).toBe(200) // recovery codes are hashed, not sealed: no key needed
    const { token } = (await signedIn.json()) as { token: string }
    const off = await lost.request('/auth/mfa/totp', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, recoveryCode: second }),
    })
    expect(off.status).toBe(204)
    await enrolTotp(lost, token, PASSWORD)
    expect(await keyIdOf(email)).toBe('new')
  })
})
