/**
 * Mailed links die with the credentials they were mailed under: a password reset or change, or
 * signing out everywhere, voids every link mailed before it (src/db/one-time-token-store.ts
 * `linkStillValid`). Found by an outside review: an attacker who knew the password asked to move
 * the address to theirs; the owner reset the password, and the attacker's link still switched
 * the address and signed them in.
 */
import { describe, expect, it } from 'vitest'
import { buildTestApp, PASSWORD, postJson, registerUser, uniqueEmail } from '../helpers/app.ts'
import { query } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

const NEW_PASSWORD = 'a brand new battery staple'
const OTHER = 'yet another battery staple'
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function setup() {
  const mail = captureMail()
  const app = await buildTestApp({ outbox: mail })
  const { email, body } = await registerUser(app)
  const resetByMail = async () => {
    await postJson(app, '/auth/password/forgot', { email })
    const token = mail.tokenOf('reset_password', email)
    return postJson(app, '/auth/password/reset', { token, newPassword: NEW_PASSWORD })
  }
  const sessionsOf = async () =>
    (
      await query('select 1 from sessions s join users u on u.id = s.user_id where u.email = $1', [
        email,
      ])
    ).length
  return { app, mail, email, body, resetByMail, sessionsOf }
}

describe('mailed links after a credential change', () => {
  it("an attacker's email-change link is refused once the owner resets the password", async () => {
    const { app, mail, email, body, resetByMail } = await setup()
    const attacker = uniqueEmail('attacker')
    const change = await postJson(
      app,
      '/auth/email/change',
      { newEmail: attacker, currentPassword: PASSWORD },
      bearer(body.token),
    )
    expect(change.status).toBe(202)
    expect((await resetByMail()).status).toBe(200)

    const confirm = await postJson(app, '/auth/email/verify', {
      token: mail.tokenOf('confirm_email_change', attacker),
    })
    expect(confirm.status).toBe(400)
    expect(await confirm.json()).toMatchObject({ code: 'invalid_link' })
    expect(await query('select email from users where email = $1', [email])).toHaveLength(1)
    expect(await query('select 1 from users where email = $1', [attacker])).toHaveLength(0)
  })

  it('the sign-up verification link is refused after a reset, and starts no session', async () => {
    const { app, mail, email, resetByMail, sessionsOf } = await setup()
    const verify = mail.tokenOf('verify_email', email)
    expect((await resetByMail()).status).toBe(200)
    const before = await sessionsOf()

    const res = await postJson(app, '/auth/email/verify', { token: verify })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'invalid_link' })
    expect(await sessionsOf()).toBe(before)
  })

  it('a reset link is refused after a password change', async () => {
    const { app, mail, email, body } = await setup()
    await postJson(app, '/auth/password/forgot', { email })
    const mailed = mail.tokenOf('reset_password', email)
    const changed = await postJson(
      app,
      '/auth/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      bearer(body.token),
    )
    expect(changed.status).toBe(200)

    const reset = await postJson(app, '/auth/password/reset', { token: mailed, newPassword: OTHER })
    expect(reset.status).toBe(400)
    expect((await postJson(app, '/auth/login', { email, password: NEW_PASSWORD })).status).toBe(200)
  })

  it('a reset link is refused after signing out everywhere', async () => {
    const { app, mail, email, body } = await setup()
    await postJson(app, '/auth/password/forgot', { email })
    const mailed = mail.tokenOf('reset_password', email)
    expect((await postJson(app, '/auth/logout?scope=all', {}, bearer(body.token))).status).toBe(204)

    const reset = await postJson(app, '/auth/password/reset', { token: mailed, newPassword: OTHER })
    expect(reset.status).toBe(400)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
  })
})
