import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, PASSWORD, postJson, type TestApp, uniqueEmail } from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await res.json()) as { error: string; code: string }
  expect(body.code).toBe(code)
  expect(typeof body.error).toBe('string')
  expect(JSON.stringify(body)).not.toMatch(/select|insert|neon|stack|at \w+ \(/i)
  return body
}

const post = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers, body })

describe('bad input on every body route', () => {
  for (const path of ['/auth/register', '/auth/login']) {
    it(`${path}: malformed JSON → 400 invalid_json`, async () => {
      await expectError(
        await post(path, '{"email":', { 'content-type': 'application/json' }),
        400,
        'invalid_json',
      )
    })

    it(`${path}: invalid UTF-8 → 400 invalid_json`, async () => {
      const bytes = new Uint8Array([
        ...new TextEncoder().encode('{"email":"a@b.co","password":"'),
        0xff,
        0xfe,
        ...new TextEncoder().encode('xxxxxxxx"}'),
      ])
      await expectError(
        await post(path, bytes, { 'content-type': 'application/json' }),
        400,
        'invalid_json',
      )
    })

    it(`${path}: wrong content type → 415`, async () => {
      const body = JSON.stringify({ email: 'a@b.co', password: PASSWORD })
      await expectError(
        await post(path, body, { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      )
      await expectError(
        await post(path, 'email=a@b.co', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      )
      await expectError(await post(path, body), 415, 'unsupported_media_type')
    })

    it(`${path}: schema failures → 400 validation_failed with flattened details`, async () => {
      const body = await expectError(
        await postJson(app, path, { email: 'not-an-email', password: 12 }),
        400,
        'validation_failed',
      )
      expect(body).toMatchObject({
        error: 'Validation failed',
        details: {
          formErrors: [],
          fieldErrors: { email: [expect.any(String)], password: [expect.any(String)] },
        },
      })
      await expectError(await postJson(app, path, [1, 2]), 400, 'validation_failed')
      await expectError(await postJson(app, path, null), 400, 'validation_failed')
      await expectError(
        await post(path, '', { 'content-type': 'application/json' }),
        400,
        'invalid_json',
      )
    })

    it(`${path}: a body over 16 KiB → 413, with and without Content-Length`, async () => {
      const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(17 * 1024) })
      await expectError(
        await post(path, big, { 'content-type': 'application/json' }),
        413,
        'payload_too_large',
      )
      const chunks = [big.slice(0, 9000), big.slice(9000)]
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift()
          if (next === undefined) controller.close()
          else controller.enqueue(new TextEncoder().encode(next))
        },
      })
      const res = await post(path, stream, { 'content-type': 'application/json' })
      await expectError(res, 413, 'payload_too_large')
    })

    it(`${path}: NUL or CR/LF in the email → 400`, async () => {
      for (const email of ['a\u0000b@example.com', 'a@example.com\r\nBcc: x@example.com']) {
        await expectError(
          await postJson(app, path, { email, password: PASSWORD }),
          400,
          'validation_failed',
        )
      }
    })
  }

  it('register: NUL in the name → 400 and nothing stored', async () => {
    const email = uniqueEmail('nul')
    await expectError(
      await postJson(app, '/auth/register', { email, password: PASSWORD, name: 'a\u0000b' }),
      400,
      'validation_failed',
    )
    expect(await usersWithEmail(email)).toHaveLength(0)
  })

  it('register: passwords are 8..1024 characters counted after NFKC, never truncated', async () => {
    await expectError(
      await postJson(app, '/auth/register', { email: uniqueEmail(), password: 'short12' }),
      400,
      'validation_failed',
    )
    await expectError(
      await postJson(app, '/auth/register', { email: uniqueEmail(), password: 'x'.repeat(1025) }),
      400,
      'validation_failed',
    )
    expect(
      (await postJson(app, '/auth/register', { email: uniqueEmail(), password: 'é'.repeat(1024) }))
        .status,
    ).toBe(201)
  })

  it('register: an email over 254 characters → 400', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(185)}.example.com`
    await expectError(
      await postJson(app, '/auth/register', { email, password: PASSWORD }),
      400,
      'validation_failed',
    )
  })
})

describe('unknown routes and methods', () => {
  it('unknown route → 404 not_found', async () => {
    await expectError(await app.request('/nope'), 404, 'not_found')
    await expectError(await app.request('/auth/nope', { method: 'POST' }), 404, 'not_found')
  })

  it('wrong method → 405 with Allow', async () => {
    const res = await app.request('/auth/login')
    await expectError(res, 405, 'method_not_allowed')
    expect(res.headers.get('allow')).toBe('POST')
    const me = await app.request('/auth/me', { method: 'DELETE' })
    await expectError(me, 405, 'method_not_allowed')
    expect(me.headers.get('allow')).toContain('GET')
  })
})
