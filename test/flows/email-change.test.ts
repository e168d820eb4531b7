/** Changing the address (issue 11, flow 3): a link to the new address, notices to the old. */
import { describe, expect, it } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  uniqueEmail,
} from '../helpers/app.ts'
import { throttleOf } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

async function setup() {
  const mail = captureMail()
  const app = await buildTestApp({ outbox: mail })
  const { email, body } = await registerUser(app)
  const change = (newEmail: string, currentPassword = PASSWORD) =>
    postJson(
      app,
      '/auth/email/change',
      { newEmail, currentPassword },
      {
        authorization: `Bearer ${body.token}`,
      },
    )
  return { app, mail, email, body, change }
}

describe('email change', () => {
  it('mails the new address a link and the old one a notice; the link switches and ends other sessions', async () => {
    const { app, mail, email, body, change } = await setup()
    const next = uniqueEmail('next')
    expect((await change(next)).status).toBe(202)
    expect(mail.to(email).map((m) => m.kind)).toContain('email_change_requested')
    const res = await postJson(app, '/auth/email/verify', {
      token: mail.tokenOf('confirm_email_change', next),
    })
    expect(res.status).toBe(200)
    const pair = (await res.json()) as SessionBody
    expect(pair.user.email).toBe(next)
    expect((await me(app, body.token)).status).toBe(401)
    expect((await refreshWith(app, body.refreshToken)).status).toBe(401)
    const profile = (await (await me(app, pair.token)).json()) as { user: Record<string, unknown> }
    expect(profile.user).toMatchObject({ email: next, emailVerified: true })
    expect(mail.to(email).map((m) => m.kind)).toContain('email_changed')
    expect((await postJson(app, '/auth/login', { email: next, password: PASSWORD })).status).toBe(
      200,
    )
  })

  it('re-checks the password under the login lockout, and refuses a taken address', async () => {
    const { app, email, change } = await setup()
    const wrong = await change(uniqueEmail('x'), 'not my password')
    expect(wrong.status).toBe(401)
    expect(await throttleOf(email)).toMatchObject({ failures: 1 })
    const { email: taken } = await registerUser(app)
    const conflict = await change(taken)
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toMatchObject({ code: 'email_taken' })
  })

  it('refuses the switch if the address was taken after the link was mailed; the link stays unused', async () => {
    const { app, mail, change } = await setup()
    const next = uniqueEmail('raced')
    await change(next)
    const token = mail.tokenOf('confirm_email_change', next)
    await registerUser(app, next)
    const res = await postJson(app, '/auth/email/verify', { token })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ code: 'email_taken' })
  })
})
