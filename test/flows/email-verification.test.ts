/** Email verification (issue 11, flow 2), in both registration modes. */
import { decodeJwt } from 'jose'
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
import { countQueries } from '../helpers/db.ts'
import { captureMail } from '../helpers/mail.ts'

const verify = (app: Awaited<ReturnType<typeof buildTestApp>>, token: string) =>
  postJson(app, '/auth/email/verify', { token })

describe('email verification (default: registration signs in)', () => {
  it('registration mails a link; using it verifies the address and the token says so', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email, body } = await registerUser(app)
    expect(decodeJwt(body.token)).toMatchObject({ email_verified: false, amr: ['pwd'] })
    const res = await verify(app, mail.tokenOf('verify_email', email))
    expect(res.status).toBe(200)
    const pair = (await res.json()) as SessionBody
    expect(decodeJwt(pair.token)).toMatchObject({ email_verified: true })
    const profile = (await (await me(app, body.token)).json()) as { user: Record<string, unknown> }
    expect(profile.user).toMatchObject({ emailVerified: true })
    const again = await verify(app, mail.tokenOf('verify_email', email))
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'invalid_link' })
  })

  it('resends to unverified accounts only, with the same answer and work for unknown ones', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email } = await registerUser(app)
    const first = mail.tokenOf('verify_email', email)
    const send = (address: string) => postJson(app, '/auth/email/verify/send', { email: address })
    // The registration mail counts against nothing: the resend goes out at once.
    const known = await countQueries(() => send(email))
    const unknown = await countQueries(() => send(uniqueEmail('nobody')))
    expect([known.result.status, unknown.result.status]).toEqual([202, 202])
    expect(await known.result.json()).toEqual(await unknown.result.json())
    expect(known.queries).toBe(unknown.queries)
    const second = mail.tokenOf('verify_email', email)
    expect(second).not.toBe(first)
    expect((await verify(app, first)).status).toBe(400) // replaced by the newer link
    expect((await verify(app, second)).status).toBe(200)
    const before = mail.sent.length
    await send(email) // verified now: nothing more to send
    expect(mail.sent.length).toBe(before)
  })
})

describe('REQUIRE_EMAIL_VERIFICATION=on: registration reveals nothing', () => {
  it('answers new and existing addresses alike; no session until the link is used', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ env: { REQUIRE_EMAIL_VERIFICATION: 'on' }, outbox: mail })
    const email = uniqueEmail('pending')
    const register = () => postJson(app, '/auth/register', { email, password: PASSWORD })
    const fresh = await countQueries(register)
    const existing = await countQueries(register)
    expect([fresh.result.status, existing.result.status]).toEqual([202, 202])
    expect(await fresh.result.json()).toEqual({ status: 'verification_sent' })
    expect(await existing.result.json()).toEqual({ status: 'verification_sent' })
    expect(fresh.queries).toBe(existing.queries)
    expect(mail.to(email).map((m) => m.kind)).toEqual(['verify_email', 'signup_attempt'])
    const wrong = await postJson(app, '/auth/login', { email, password: 'not the password' })
    expect(wrong.status).toBe(401)
    const unverified = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(unverified.status).toBe(403)
    expect(await unverified.json()).toMatchObject({ code: 'email_unverified' })
    expect((await verify(app, mail.tokenOf('verify_email', email))).status).toBe(200)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
  })

  it('a verification link mailed before an email change proves nothing afterwards', async () => {
    const mail = captureMail()
    const app = await buildTestApp({ outbox: mail })
    const { email, body } = await registerUser(app)
    const pending = mail.tokenOf('verify_email', email)
    const next = uniqueEmail('moved')
    const auth = { authorization: `Bearer ${body.token}` }
    const change = { newEmail: next, currentPassword: PASSWORD }
    expect((await postJson(app, '/auth/email/change', change, auth)).status).toBe(202)
    expect((await verify(app, mail.tokenOf('confirm_email_change', next))).status).toBe(200)
    expect((await verify(app, pending)).status).toBe(400)
    await registerUser(app, email) // the old address is free again
  })
})
