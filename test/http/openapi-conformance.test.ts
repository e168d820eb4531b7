import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'
import { buildTestApp, registerUser } from '../helpers/app.ts'
import { arbitraryOf, type Schema } from '../helpers/json-schema.ts'
import { undocumented } from '../helpers/openapi-answers.ts'

// The document held to the server both ways, read as an outside client reads it (an OpenAPI
// fuzzer): requests generated from each operation's schemas, valid and not, from a browser page
// or not, get only documented statuses, with bodies that match the documented schema and only
// documented headers (openapi-success.test.ts: schema-valid requests can succeed).
const doc = buildOpenApiDocument('test', ENDPOINTS) as { paths: Record<string, Schema> }
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops as Record<string, Schema>).map(([method, op]) => ({ path, method, op })),
)
/** A listed origin of the cookie-mode app: its pages get the refresh cookie (Set-Cookie). */
const PAGE = 'https://app.example.com'

type Auth = 'valid' | 'garbage' | 'none'

function requestArbitrary(op: Schema) {
  const body: Schema | undefined = op.requestBody?.content?.['application/json']?.schema
  const query = (op.parameters ?? []).filter((p: Schema) => p.in === 'query') as Schema[]
  return fc.record({
    body: body ? fc.oneof(arbitraryOf(body), fc.jsonValue()) : fc.constant(undefined),
    query: fc.record(
      Object.fromEntries(query.map((p) => [p.name as string, arbitraryOf(p.schema)])),
      { requiredKeys: [] },
    ),
    auth: fc.constantFrom<Auth>('valid', 'garbage', 'none'),
    // Mostly JSON; sometimes another media type, or a body over the 16 KiB limit.
    framing: fc.constantFrom('json', 'json', 'json', 'text', 'oversized'),
    fromPage: fc.boolean(),
  })
}

describe('the OpenAPI document against the server', () => {
  it.each(operations)(
    '$method $path answers only what it documents',
    async ({ path, method, op }) => {
      const app = await buildTestApp({ env: { AUTH_COOKIE: 'on', CORS_ORIGINS: PAGE } })
      const { body: session } = await registerUser(app)
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op), async ({ body, query, auth, framing, fromPage }) => {
          const headers: Record<string, string> = fromPage ? { origin: PAGE } : {}
          if (body !== undefined)
            headers['content-type'] = framing === 'text' ? 'text/plain' : 'application/json'
          const text =
            framing === 'oversized'
              ? JSON.stringify({ pad: 'x'.repeat(17_000) })
              : JSON.stringify(body)
          if (auth !== 'none')
            headers.authorization = `Bearer ${auth === 'valid' ? session.token : 'garbage.token.x'}`
          const search = new URLSearchParams(query as Record<string, string>).toString()
          // A path parameter gets a well-formed id that belongs to nobody.
          const concrete = path.replace(/\{\w+\}/g, () => crypto.randomUUID())
          const res = await app.request(`${concrete}${search ? `?${search}` : ''}`, {
            method: method.toUpperCase(),
            headers,
            ...(body === undefined ? {} : { body: text }),
          })
          expect(await undocumented(op, res), `${method} ${path} ${res.status}`).toEqual([])
          const answer = res.headers.get('content-type')?.includes('json') ? await res.json() : {}
          if ((answer as { code?: string }).code === 'invalid_token')
            expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
        }),
        { numRuns: 15 },
      )
    },
  )
})
