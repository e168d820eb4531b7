import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type SessionBody,
  type TestApp,
} from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

const NEW_PASSWORD = 'a brand new passphrase'
const change = (token: string, body: unknown) =>
  postJson(app, '/auth/password', body, { authorization: `Bearer ${token}` })

describe('POST /auth/password', () => {
  it('changes the hash, ends every session, returns a fresh pair', async () => {
    const { email, body } = await registerUser(app)
    const otherDevice = await loginUser(app, email)
    const before = (await usersWithEmail(email))[0]?.password_hash

    const res = await change(body.token, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const fresh = (await res.json()) as SessionBody
    expect(fresh.user).toEqual(body.user)

    expect((await usersWithEmail(email))[0]?.password_hash).not.toBe(before)
    for (const old of [body, otherDevice]) {
      expect((await me(app, old.token)).status).toBe(401)
      expect((await refreshWith(app, old.refreshToken)).status).toBe(401)
    }
    expect((await me(app, fresh.token)).status).toBe(200)
    expect((await refreshWith(app, fresh.refreshToken)).status).toBe(200)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(401)
    expect((await postJson(app, '/auth/login', { email, password: NEW_PASSWORD })).status).toBe(200)
  })

  it('refuses a wrong current password (401) and a weak new one (400), changing nothing', async () => {
    const { email, body } = await registerUser(app)
    const before = (await usersWithEmail(email))[0]?.password_hash
    const wrong = await change(body.token, {
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
    })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ code: 'invalid_credentials' })
    const weak = await change(body.token, { currentPassword: PASSWORD, newPassword: 'short' })
    expect(weak.status).toBe(400)
    expect((await usersWithEmail(email))[0]?.password_hash).toBe(before)
    expect((await me(app, body.token)).status).toBe(200)
  })

  it('mails the account a notice after a change, and nothing after a refused one', async () => {
    const mail = captureMail()
    const mailing = await buildTestApp({ outbox: mail })
    const { email, body } = await registerUser(mailing)
    const post = (currentPassword: string) =>
      postJson(
        mailing,
        '/auth/password',
        { currentPassword, newPassword: NEW_PASSWORD },
        { authorization: `Bearer ${body.token}` },
      )
    const before = mail.to(email).length // the sign-up's verification link
    expect((await post('not my password')).status).toBe(401)
    expect(mail.to(email)).toHaveLength(before)
    expect((await post(PASSWORD)).status).toBe(200)
    expect(mail.to(email).slice(before)).toEqual([
      { kind: 'password_changed', to: email, name: null },
    ])
  })

  it('needs a live access token', async () => {
    const res = await postJson(app, '/auth/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    })
    expect(res.status).toBe(401)
  })
})
