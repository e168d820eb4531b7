/**
 * Every route that takes an access token checks that its session is live (README, "Sessions":
 * access tokens carry `sid`), not only /auth/me: once the session has ended, its still-unexpired
 * token gets 401 `invalid_token` from password change and from logout everywhere, and changes
 * nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  loginUser,
  me,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
} from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** A user with two sessions, the first of them ended by logging out. */
async function endedAndLive() {
  const { email, body: ended } = await registerUser(app)
  const live = await loginUser(app, email)
  expect((await postJson(app, '/auth/logout', { refreshToken: ended.refreshToken })).status).toBe(
    204,
  )
  return { email, ended, live }
}

async function expectInvalidToken(res: Response) {
  expect(res.status).toBe(401)
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
  expect(await res.json()).toMatchObject({ code: 'invalid_token' })
}

describe('an access token whose session has ended', () => {
  it('POST /auth/password: 401 invalid_token, and the password stays', async () => {
    const { email, ended } = await endedAndLive()
    const before = (await usersWithEmail(email))[0]?.password_hash
    const change = { currentPassword: PASSWORD, newPassword: 'a new battery staple horse' }
    await expectInvalidToken(await postJson(app, '/auth/password', change, bearer(ended.token)))
    expect((await usersWithEmail(email))[0]?.password_hash).toBe(before)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
  })

  it('POST /auth/logout?scope=all: 401 invalid_token, and the other sessions live on', async () => {
    const { ended, live } = await endedAndLive()
    await expectInvalidToken(await postJson(app, '/auth/logout?scope=all', {}, bearer(ended.token)))
    expect((await me(app, live.token)).status).toBe(200)
  })
})
