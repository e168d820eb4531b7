import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { createPasswordHasher } from '../../src/auth/password-hash.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'
import { buildTestApp, postJson, registerUser, type TestApp, uniqueEmail } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'
import { emailKey, query } from '../helpers/db.ts'
import { arbitraryOf, conforms, type Schema } from '../helpers/json-schema.ts'
import { undocumented } from '../helpers/openapi-answers.ts'
import { codeAt } from '../helpers/totp.ts'

// The other half of openapi-conformance.test.ts: the document does not promise more than the
// server accepts. Bodies generated from an operation's documented schema (only opaque values a
// client receives, such as a refresh token, are filled in, and still checked against the schema)
// reach a 2xx once the account they name exists (seeded in the database); and every success
// answers with the documented headers.
const doc = buildOpenApiDocument('test', ENDPOINTS) as { paths: Record<string, Schema> }
const op = (method: string, path: string) => doc.paths[path]?.[method] as Schema
const bodySchema = (operation: Schema) =>
  operation.requestBody.content['application/json'].schema as Schema

/** `count` bodies from the documented schema, a fresh seed per run (named on failure, to replay). */
function generated(operation: Schema, count = 10) {
  const seed = crypto.getRandomValues(new Int32Array(1))[0] ?? 0
  const bodies = fc.sample(arbitraryOf(bodySchema(operation)), { numRuns: count, seed })
  return { seed: `seed ${seed}`, bodies: bodies as Record<string, unknown>[] }
}

/** Sends `body` as the operation's request and holds the answer to the document. */
async function send(app: TestApp, method: string, path: string, body: unknown, token?: string) {
  const schema = bodySchema(op(method, path))
  expect(conforms(schema, body), JSON.stringify(body)).toBeUndefined()
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const res = await postJson(app, path, body, headers)
  expect(await undocumented(op(method, path), res), `${path} ${res.status}`).toEqual([])
  return res
}

/**
 * An account with exactly this address and password, whatever the policy says of the password:
 * one made before a policy change still signs in (src/api/field-schemas.ts, AnyPassword).
 */
async function seedAccount(email: string, password: string): Promise<void> {
  const hash = await createPasswordHasher({ iterations: 1_000 }).hash(password)
  const stored = email.trim().toLowerCase()
  await query(
    `insert into users (email, password_hash) values ($1, $2)
     on conflict ((lower(email))) do update set password_hash = excluded.password_hash`,
    [stored, hash],
  )
  // A generated address may have been locked by another test's wrong passwords.
  await query('delete from login_throttles where email_hash = $1', [await emailKey(stored)])
}

describe('schema-valid requests succeed', () => {
  it('POST /auth/register', async () => {
    const app = await buildTestApp()
    const { seed, bodies } = generated(op('post', '/auth/register'), 12)
    const statuses = []
    for (const body of bodies)
      statuses.push((await send(app, 'post', '/auth/register', body)).status)
    // 409 when two generated addresses collide; 400 only for a too-common password.
    expect(statuses.filter((status) => status === 201).length, seed).toBeGreaterThan(6)
  })

  it('POST /auth/login, for an account with that address and password', async () => {
    const app = await buildTestApp()
    const { seed, bodies } = generated(op('post', '/auth/login'))
    for (const body of bodies) {
      await seedAccount(body.email as string, body.password as string)
      expect((await send(app, 'post', '/auth/login', body)).status, seed).toBe(200)
    }
  })

  it('POST /auth/refresh, with the refresh token the last answer gave', async () => {
    const app = await buildTestApp()
    let { refreshToken } = (await registerUser(app)).body
    const { seed, bodies } = generated(op('post', '/auth/refresh'))
    for (const body of bodies) {
      const res = await send(app, 'post', '/auth/refresh', { ...body, refreshToken })
      expect(res.status, seed).toBe(200)
      ;({ refreshToken } = (await res.json()) as { refreshToken: string })
    }
  })

  it('POST /auth/password/forgot, for any address', async () => {
    const app = await buildTestApp()
    const { seed, bodies } = generated(op('post', '/auth/password/forgot'))
    for (const body of bodies)
      expect((await send(app, 'post', '/auth/password/forgot', body)).status, seed).toBe(202)
  })

  it('POST /auth/email/change (Bearer), by the owner of that password', async () => {
    const app = await buildTestApp()
    const { seed, bodies } = generated(op('post', '/auth/email/change'))
    for (const body of bodies) {
      const email = uniqueEmail('owner')
      await seedAccount(email, body.currentPassword as string)
      const signedIn = await postJson(app, '/auth/login', { email, password: body.currentPassword })
      const { token } = (await signedIn.json()) as { token: string }
      const res = await send(app, 'post', '/auth/email/change', body, token)
      expect(res.status, seed).toBe(202)
    }
  })
})

/** The parts of success bodies the lifecycle below reads. */
interface Answer {
  token?: string
  secret?: string
  sessions?: { id: string; current: boolean }[]
}

describe('every success answers with the documented headers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('from a browser page in cookie mode, through the whole account lifecycle', async () => {
    const PAGE = 'https://app.example.com'
    const app = await buildTestApp({ env: { AUTH_COOKIE: 'on', CORS_ORIGINS: PAGE } })
    const clock = freezeTime()
    let token: string | undefined
    /** Calls `path` (at `url` when it has parameters or a query); answers the JSON body. */
    const call = async (method: string, path: string, body?: unknown, url = path) => {
      const headers: Record<string, string> = { origin: PAGE }
      if (token) headers.authorization = `Bearer ${token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const sent = body === undefined ? {} : { body: JSON.stringify(body) }
      const res = await app.request(url, { method: method.toUpperCase(), headers, ...sent })
      expect(res.status, `${method} ${url}`).toBeLessThan(300)
      expect(await undocumented(op(method, path), res), `${method} ${url}`).toEqual([])
      return (res.status === 204 ? {} : await res.json()) as Answer
    }
    const password = 'correct horse battery staple'
    const email = `headers-${crypto.randomUUID()}@example.com`
    ;({ token } = await call('post', '/auth/register', { email, password }))
    await call('post', '/auth/login', { email, password })
    for (const path of ['/auth/me', '/auth/sessions', '/auth/account/export', '/auth/passkeys'])
      await call('get', path)
    await call('get', '/health')
    await call('get', '/.well-known/jwks.json')
    await call('post', '/auth/password/forgot', { email })
    await call('post', '/auth/passkeys/register/options', { currentPassword: password })
    await call('post', '/auth/passkeys/login/options', {})
    const { secret = '' } = await call('post', '/auth/mfa/totp/setup', {
      currentPassword: password,
    })
    await call('post', '/auth/mfa/totp/confirm', { code: await codeAt(secret, clock.at(0)) })
    await call('post', '/auth/mfa/recovery-codes', { code: await codeAt(secret, clock.at(30)) })
    const code = await codeAt(secret, clock.at(60))
    await call('delete', '/auth/mfa/totp', { currentPassword: password, code })
    const { sessions = [] } = await call('get', '/auth/sessions')
    const other = sessions.find((session) => !session.current)
    await call('delete', '/auth/sessions/{id}', undefined, `/auth/sessions/${other?.id}`)
    await call('post', '/auth/logout', {}, '/auth/logout?scope=others')
    await call('delete', '/auth/account', { currentPassword: password })
  })
})
