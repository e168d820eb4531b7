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
import { ON_POSTGRES } from '../helpers/backend.ts'
import { query, throttleOf } from '../helpers/db.ts'
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

  // Races need a database that runs statements concurrently (test/helpers/backend.ts).
  it.skipIf(!ON_POSTGRES)(
    'the sign-up verification link racing the change link: the change wins, no other session lives',
    async () => {
      const mail = captureMail()
      const app = await buildTestApp({ outbox: mail })
      const verify = (token: string) => postJson(app, '/auth/email/verify', { token })
      for (let trial = 0; trial < 20; trial++) {
        const { email, body } = await registerUser(app)
        const next = uniqueEmail('race')
        const request = { newEmail: next, currentPassword: PASSWORD }
        const auth = { authorization: `Bearer ${body.token}` }
        expect((await postJson(app, '/auth/email/change', request, auth)).status).toBe(202)
        const verifyLink = mail.tokenOf('verify_email', email)
        const changeLink = mail.tokenOf('confirm_email_change', next)
        // Either may reach the database first; a few milliseconds apart, or at once.
        const lead = (trial % 5) * 2
        const later = <T>(ms: number, send: () => Promise<T>) =>
          new Promise<T>((resolve, reject) => setTimeout(() => send().then(resolve, reject), ms))
        const [verified, changed] = await Promise.all([
          later(trial % 2 ? lead : 0, () => verify(verifyLink)),
          later(trial % 2 ? 0 : lead, () => verify(changeLink)),
        ])
        expect(changed.status).toBe(200)
        expect([200, 400]).toContain(verified.status)
        const [user] = await query<{ email: string; verified: boolean; live: number }>(
          `select u.email, u.email_verified_at is not null as verified,
            (select count(*)::int from sessions s where s.user_id = u.id and s.revoked_at is null
              and s.credential_epoch = u.credential_epoch) as live
          from users u where u.id = $1`,
          [body.user.id],
        )
        expect(user).toEqual({ email: next, verified: true, live: 1 })
        // The change ended every session: whatever the verification link answered is dead too.
        if (verified.status === 200) {
          const pair = (await verified.json()) as SessionBody
          expect((await me(app, pair.token)).status).toBe(401)
          expect((await refreshWith(app, pair.refreshToken)).status).toBe(401)
        }
        const fresh = (await changed.json()) as SessionBody
        expect((await me(app, fresh.token)).status).toBe(200)
      }
    },
  )
})
