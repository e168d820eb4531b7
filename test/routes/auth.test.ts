import { decodeJwt } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPasswordHasher } from '../../src/auth/password-hash.ts'
import {
  buildTestApp,
  captureLogger,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { query, usersWithEmail } from '../helpers/db.ts'
import { flipSignatureBit } from '../helpers/jwt.ts'

let app: TestApp
const log = captureLogger()
beforeAll(async () => {
  app = await buildTestApp({ log })
})

describe('register → login → me', () => {
  it('registers, logs in and answers who am I', async () => {
    const email = uniqueEmail('Flow')
    const reg = await postJson(app, '/auth/register', {
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: 'Ada',
    })
    expect(reg.status).toBe(201)
    expect(reg.headers.get('cache-control')).toBe('no-store')
    const registered = (await reg.json()) as {
      token: string
      expiresIn: number
      user: Record<string, unknown>
    }
    expect(registered.user).toEqual({
      id: expect.any(String),
      email: email.toLowerCase(),
      role: 'user',
    })
    expect(registered.expiresIn).toBe(900)

    const rows = await usersWithEmail(email)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ email: email.toLowerCase(), role: 'user', name: 'Ada' })
    expect(rows[0]?.password_hash).toMatch(/^\$pbkdf2-sha256\$i=100000\$/)

    const res = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(res.status).toBe(200)
    const session = (await res.json()) as { token: string; user: { id: string } }
    expect(session.user).toEqual(registered.user)
    expect(decodeJwt(session.token)).toMatchObject({
      sub: session.user.id,
      email: email.toLowerCase(),
      role: 'user',
    })

    const me = await app.request('/auth/me', {
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({
      user: {
        ...registered.user,
        name: 'Ada',
        emailVerified: false,
        factors: [],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    })
  })

  it('stores only a hash, and logs neither the password nor the token', async () => {
    const { email, body } = await registerUser(app)
    const rows = await usersWithEmail(email)
    expect(rows[0]?.password_hash).not.toContain(PASSWORD)
    const logged = JSON.stringify(log.entries)
    expect(logged).not.toContain(PASSWORD)
    expect(logged).not.toContain(body.token)
    expect(logged).not.toContain(rows[0]?.password_hash ?? 'missing')
    expect(
      log.entries.some((entry) => entry.outcome === 'registered' && entry.status === 201),
    ).toBe(true)
  })

  it('refuses a second account for the same email in another letter case: 409, one row', async () => {
    const email = uniqueEmail('dup')
    await registerUser(app, email)
    const res = await postJson(app, '/auth/register', {
      email: email.toUpperCase(),
      password: 'another password',
    })
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: expect.any(String), code: 'email_taken' })
    expect(await usersWithEmail(email)).toHaveLength(1)
  })

  it('ignores a role sent at registration', async () => {
    const email = uniqueEmail('role')
    const res = await postJson(app, '/auth/register', { email, password: PASSWORD, role: 'admin' })
    expect(res.status).toBe(201)
    expect((await usersWithEmail(email))[0]?.role).toBe('user')
  })
})

describe('login failures', () => {
  it('gives unknown email and wrong password the same 401 and body', async () => {
    const { email } = await registerUser(app)
    const wrong = await postJson(app, '/auth/login', { email, password: 'not the password' })
    const unknown = await postJson(app, '/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'not the password',
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const body = await wrong.json()
    expect(body).toEqual({ error: 'Invalid credentials', code: 'invalid_credentials' })
    expect(await unknown.json()).toEqual(body)
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort())
  })
})

describe('hash upgrade on login', () => {
  it('re-hashes a weaker stored hash with the current settings after a good login', async () => {
    const email = uniqueEmail('upgrade')
    const weak = await createPasswordHasher({ iterations: 10_000 }).hash(PASSWORD)
    await query('insert into users (email, password_hash) values ($1, $2)', [email, weak])

    const bad = await postJson(app, '/auth/login', { email, password: 'wrong password!' })
    expect(bad.status).toBe(401)
    expect((await usersWithEmail(email))[0]?.password_hash).toBe(weak)

    const good = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(good.status).toBe(200)
    const upgraded = (await usersWithEmail(email))[0]?.password_hash
    expect(upgraded).toMatch(/^\$pbkdf2-sha256\$i=100000\$/)
    expect((await postJson(app, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
  })

  it('refuses (401, warning logged) a stored hash over the Workers cap instead of deriving it', async () => {
    const email = uniqueEmail('overcap')
    const stored = (await createPasswordHasher({ iterations: 10_000 }).hash(PASSWORD)).replace(
      'i=10000',
      'i=600000',
    )
    const [row] = await query<{ id: string }>(
      'insert into users (email, password_hash) values ($1, $2) returning id',
      [email, stored],
    )
    const res = await postJson(app, '/auth/login', { email, password: PASSWORD })
    expect(res.status).toBe(401)
    expect(log.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', problem: 'over_cap', userId: row?.id }),
    )
  })
})

describe('GET /auth/me', () => {
  it('answers 401 invalid_token with WWW-Authenticate for missing, malformed and forged tokens', async () => {
    const { body } = await registerUser(app)
    const forged = flipSignatureBit(body.token)
    for (const authorization of [
      undefined,
      'Basic abc',
      'Bearer',
      `Bearer ${forged}`,
      `bearer ${body.token}x`,
    ]) {
      const res = await app.request('/auth/me', { headers: authorization ? { authorization } : {} })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="edge-auth"/)
      expect(await res.json()).toMatchObject({ code: 'invalid_token' })
    }
  })

  it('accepts the scheme in any letter case', async () => {
    const { body } = await registerUser(app)
    const res = await app.request('/auth/me', {
      headers: { authorization: `bEaReR ${body.token}` },
    })
    expect(res.status).toBe(200)
  })

  it('refuses a valid token whose user no longer exists', async () => {
    const { email, body } = await registerUser(app)
    await query('delete from users where email = $1', [email])
    const res = await app.request('/auth/me', {
      headers: { authorization: `Bearer ${body.token}` },
    })
    expect(res.status).toBe(401)
  })
})
