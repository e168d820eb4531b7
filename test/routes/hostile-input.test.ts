import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ERRORS } from '../../src/errors.ts'
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.ts'
import { countQueries } from '../helpers/db.ts'

// Hostile input on every route: whatever arrives, the answer is a JSON 4xx with a stable code
// (or a normal success), never a 5xx; and input refused as malformed never reaches the database.
let app: TestApp
let bearer: string
beforeAll(async () => {
  app = await buildTestApp({ env: { PASSWORD_ITERATIONS: '10000' } })
  bearer = (await registerUser(app)).body.token
})

const BODY_ROUTES = [
  '/auth/register',
  '/auth/login',
  '/auth/refresh',
  '/auth/logout',
  '/auth/password',
]
const REFUSED_UNREAD = [400, 413, 415]

async function send(
  path: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  method = 'POST',
) {
  const { result: res, queries } = await countQueries(async () =>
    app.request(path, { method, headers: { authorization: `Bearer ${bearer}`, ...headers }, body }),
  )
  expect(res.status, `${method} ${path}`).toBeLessThan(500)
  if (res.status >= 400) {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const json = (await res.json()) as { error: unknown; code: string }
    expect(Object.keys(ERRORS)).toContain(json.code)
    expect(typeof json.error).toBe('string')
    if (REFUSED_UNREAD.includes(res.status))
      expect(queries, `${path} ${res.status} touched the database`).toBe(0)
  }
  return res
}

const json = { 'content-type': 'application/json' }
const fieldValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary', minLength: 2000, maxLength: 6000 }),
  fc.constantFrom(
    '',
    'a\u0000b@example.com',
    'a@example.com\r\nBcc: x@example.com',
    '\ud800',
    'x\udfffy@example.com',
  ),
)
const hostileObject = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'email',
      'password',
      'name',
      'refreshToken',
      'currentPassword',
      'newPassword',
      '__proto__',
      'constructor',
      'role',
    ),
    fc.string(),
  ),
  fieldValue,
)

describe('property: random bodies on every body route', () => {
  for (const path of BODY_ROUTES) {
    it(`${path}: random JSON values and objects`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), hostileObject), async (value) => {
          await send(path, JSON.stringify(value), json)
        }),
        { numRuns: 60 },
      )
    })

    it(`${path}: random bytes and strings, with and without a JSON content type`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ unit: 'binary', maxLength: 300 }),
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
          ),
          async (body, type) => {
            await send(path, body, { 'content-type': type })
          },
        ),
        { numRuns: 40 },
      )
    })
  }

  it('/auth/me and /auth/logout?scope=all: random Authorization headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), async (value) => {
        const res = await send('/auth/me', null, { authorization: value }, 'GET')
        expect(res.status).toBe(401)
        await send('/auth/logout?scope=all', null, { authorization: `Bearer ${value}` })
      }),
      { numRuns: 80 },
    )
  })
})

const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
const EXPLICIT: Array<[string, BodyInit | null, Record<string, string>, number]> = [
  ['empty body', '', json, 400],
  ['no body, no content type', null, {}, 415],
  ['deep nesting', `{"email":${deep(5000)}}`, json, 400],
  [
    '__proto__ key',
    '{"__proto__":{"role":"admin"},"email":"p@example.com","password":"x"}',
    json,
    400,
  ],
  ['constructor key', '{"constructor":{"prototype":{"admin":true}}}', json, 400],
  ['duplicate keys', '{"email":"a@example.com","email":"b@example.com"}', json, 400],
  [
    'lone surrogate',
    '{"email":"\\ud800@example.com","password":"correct horse battery staple"}',
    json,
    400,
  ],
  [
    'NUL in email',
    '{"email":"a\\u0000@example.com","password":"correct horse battery staple"}',
    json,
    400,
  ],
  [
    'CRLF in email',
    '{"email":"a@example.com\\r\\nBcc: b@example.com","password":"correct horse battery staple"}',
    json,
    400,
  ],
  ['huge string', JSON.stringify({ email: 'a'.repeat(15_000) }), json, 400],
  ['over the limit', JSON.stringify({ email: 'a'.repeat(20_000) }), json, 413],
  ['wrong types', '{"email":["a@example.com"],"password":{"x":1}}', json, 400],
  [
    'invalid UTF-8',
    new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) as unknown as BodyInit,
    json,
    400,
  ],
  ['XML', '<email>a@example.com</email>', { 'content-type': 'application/xml' }, 415],
]

describe('explicit hostile cases on /auth/register', () => {
  it.each(EXPLICIT)('%s → %i', async (_name, body, headers, status) => {
    const res = await send('/auth/register', body, headers)
    expect(res.status).toBe(status)
  })

  it('invalid UTF-8 inside an otherwise valid body → 400 invalid_json, nothing stored', async () => {
    const email = `utf8-${crypto.randomUUID()}@example.com`
    const text = new TextEncoder()
    const bytes = new Uint8Array([
      ...text.encode(`{"email":"${email}","password":"correct horse `),
      0xff,
      ...text.encode(' battery staple"}'),
    ])
    const res = await send('/auth/register', bytes, json)
    expect(res.status).toBe(400)
    const { usersWithEmail } = await import('../helpers/db.ts')
    expect(await usersWithEmail(email)).toHaveLength(0)
  })

  it('a body over the limit sent chunked (no Content-Length) → 413', async () => {
    const chunk = new TextEncoder().encode(`{"email":"${'a'.repeat(8000)}`)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(chunk)
        else controller.close()
      },
    })
    expect((await send('/auth/register', stream, json)).status).toBe(413)
  })

  it('a Content-Length that claims more than the limit → 413 before reading', async () => {
    const res = await send('/auth/register', '{}', { ...json, 'content-length': '999999' })
    expect(res.status).toBe(413)
  })
})
