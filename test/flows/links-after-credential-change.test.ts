/**
 * Mailed links die with the credentials they were mailed under: a password reset or change, or
 * signing out everywhere, voids every link mailed before it (src/db/one-time-token-store.ts
 * `linkStillValid`). Found by an outside review: an attacker who knew the password asked to move
 * the address to theirs; the owner reset the password, and the attacker's link still switched
 * the address and signed them in.
 */
import { describe, expect, it } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  registerUser,
  type SessionBody,
  uniqueEmail,
} from '../helpers/app.ts'
import { ON_POSTGRES } from '../helpers/backend.ts'
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

  // Races need a database that runs statements concurrently (test/helpers/backend.ts).
  it.skipIf(!ON_POSTGRES)(
    "the owner's reset racing an attacker's email-change link: exactly one of them wins",
    async () => {
      const mail = captureMail()
      const app = await buildTestApp({ outbox: mail })
      for (let trial = 0; trial < 20; trial++) {
        const { email, body } = await registerUser(app)
        const attacker = uniqueEmail('attacker')
        const request = { newEmail: attacker, currentPassword: PASSWORD }
        expect(
          (await postJson(app, '/auth/email/change', request, bearer(body.token))).status,
        ).toBe(202)
        await postJson(app, '/auth/password/forgot', { email })
        const resetLink = mail.tokenOf('reset_password', email)
        const changeLink = mail.tokenOf('confirm_email_change', attacker)
        const lead = (trial % 5) * 2
        const later = <T>(ms: number, send: () => Promise<T>) =>
          new Promise<T>((resolve, reject) => setTimeout(() => send().then(resolve, reject), ms))
        const [reset, change] = await Promise.all([
          later(trial % 2 ? lead : 0, () =>
            postJson(app, '/auth/password/reset', { token: resetLink, newPassword: NEW_PASSWORD }),
          ),
          later(trial % 2 ? 0 : lead, () =>
            postJson(app, '/auth/email/verify', { token: changeLink }),
          ),
        ])
        // Either order is a consistent history; both at once is not.
        expect([reset.status, change.status].sort()).toEqual([200, 400])
        const winner = (await (reset.status === 200 ? reset : change).json()) as SessionBody
        const [user] = await query<{ email: string; live: number }>(
          `select u.email, (select count(*)::int from sessions s where s.user_id = u.id
            and s.revoked_at is null and s.credential_epoch = u.credential_epoch) as live
          from users u where u.id = $1`,
          [body.user.id],
        )
        expect(user).toEqual({ email: reset.status === 200 ? email : attacker, live: 1 })
        expect((await me(app, winner.token)).status).toBe(200)
      }
    },
  )
})
