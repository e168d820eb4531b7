/**
 * Database round trips per request of the account routes: mailed links (reset, verification,
 * email change), devices and the account as data. Each count is part of the route's contract
 * (roundTrips in test/helpers/db.ts); the second-factor routes are in round-trips-factors.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  loginUser,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { roundTrips } from '../helpers/db.ts'
import { type CapturedMail, captureMail } from '../helpers/mail.ts'

let app: TestApp
let mail: CapturedMail
beforeAll(async () => {
  mail = captureMail()
  app = await buildTestApp({ outbox: mail })
})

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const withBody = (method: string, token: string, body: unknown) => ({
  method,
  headers: { ...bearer(token), 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

describe('mailed links: round trips per request (neon-http)', () => {
  it('forgot password costs 1 for a known and for an unknown address alike; reset 3', async () => {
    const { email } = await registerUser(app)
    const forgot = (address: string) => postJson(app, '/auth/password/forgot', { email: address })
    const known = await roundTrips(() => forgot(email))
    const unknown = await roundTrips(() => forgot(uniqueEmail('nobody')))
    // Anti-enumeration: the database work must not tell whether the account exists.
    expect(known).toEqual(unknown)
    expect(known).toEqual({ status: 202, trips: 1 })
    const token = mail.tokenOf('reset_password', email)
    const newPassword = 'a brand new battery staple'
    expect(
      await roundTrips(() => postJson(app, '/auth/password/reset', { token, newPassword })),
    ).toEqual({ status: 200, trips: 3 })
  })

  it('verification send costs 1 for a known and for an unknown address alike; confirm 2', async () => {
    const { email } = await registerUser(app)
    const send = (address: string) => postJson(app, '/auth/email/verify/send', { email: address })
    const known = await roundTrips(() => send(email))
    const unknown = await roundTrips(() => send(uniqueEmail('nobody')))
    expect(known).toEqual(unknown)
    expect(known).toEqual({ status: 202, trips: 1 })
    const token = mail.tokenOf('verify_email', email)
    expect(await roundTrips(() => postJson(app, '/auth/email/verify', { token }))).toEqual({
      status: 200,
      trips: 2,
    })
  })

  it('email change costs 5; its confirmation link 2', async () => {
    const { body } = await registerUser(app)
    const newEmail = uniqueEmail('moved')
    const change = { newEmail, currentPassword: PASSWORD }
    expect(
      await roundTrips(() => postJson(app, '/auth/email/change', change, bearer(body.token))),
    ).toEqual({ status: 202, trips: 5 })
    const token = mail.tokenOf('confirm_email_change', newEmail)
    expect(await roundTrips(() => postJson(app, '/auth/email/verify', { token }))).toEqual({
      status: 200,
      trips: 2,
    })
  })
})

describe('devices and the account: round trips per request (neon-http)', () => {
  it('list sessions 2, end one 2 (an unknown id too), sign out others 2, everywhere 2', async () => {
    const { email, body } = await registerUser(app)
    await loginUser(app, email)
    await loginUser(app, email)
    const list = () => app.request('/auth/sessions', { headers: bearer(body.token) })
    expect(await roundTrips(list)).toEqual({ status: 200, trips: 2 })
    const { sessions } = (await (await list()).json()) as {
      sessions: { id: string; current: boolean }[]
    }
    expect(sessions).toHaveLength(3)
    const other = sessions.find((s) => !s.current)?.id ?? ''
    const end = (id: string) =>
      app.request(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(body.token) })
    expect(await roundTrips(() => end(other))).toEqual({ status: 204, trips: 2 })
    expect(await roundTrips(() => end(crypto.randomUUID()))).toEqual({ status: 404, trips: 2 })
    const logout = (scope: string) =>
      postJson(app, `/auth/logout?scope=${scope}`, {}, bearer(body.token))
    expect(await roundTrips(() => logout('others'))).toEqual({ status: 204, trips: 2 })
    expect(await roundTrips(() => logout('all'))).toEqual({ status: 204, trips: 2 })
  })

  it('export 2, delete the account 4', async () => {
    const { email, body } = await registerUser(app)
    await loginUser(app, email)
    const exported = () => app.request('/auth/account/export', { headers: bearer(body.token) })
    expect(await roundTrips(exported)).toEqual({ status: 200, trips: 2 })
    const del = withBody('DELETE', body.token, { currentPassword: PASSWORD })
    expect(await roundTrips(() => app.request('/auth/account', del))).toEqual({
      status: 204,
      trips: 4,
    })
  })
})
