import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'
import { buildTestApp, registerUser } from '../helpers/app.ts'
import { arbitraryOf, conforms, type Schema } from '../helpers/json-schema.ts'

// The document held to the server both ways, read as an outside client reads it (an OpenAPI
// fuzzer): requests generated from each operation's schemas, valid and not, get only documented
// statuses, with bodies that match the documented schema and the documented headers; and
// schema-valid requests can succeed.
const doc = buildOpenApiDocument('test', ENDPOINTS) as { paths: Record<string, Schema> }
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops as Record<string, Schema>).map(([method, op]) => ({ path, method, op })),
)

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
  })
}

describe('the OpenAPI document against the server', () => {
  it.each(operations)(
    '$method $path answers only what it documents',
    async ({ path, method, op }) => {
      const app = await buildTestApp()
      const { body: session } = await registerUser(app)
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op), async ({ body, query, auth, framing }) => {
          const headers: Record<string, string> = {}
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
          const documented = op.responses[String(res.status)] as Schema | undefined
          expect(
            documented,
            `${method} ${path} answered an undocumented ${res.status}`,
          ).toBeDefined()
          const schema = documented?.content?.['application/json']?.schema as Schema | undefined
          if (schema) {
            const answer = await res.json()
            expect(conforms(schema, answer), JSON.stringify(answer)).toBeUndefined()
            if ((answer as { code?: string }).code === 'invalid_token')
              expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /)
          }
          if (res.status === 429 || res.status === 503)
            expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
        }),
        { numRuns: 15 },
      )
    },
  )

  it('schema-valid registrations succeed', async () => {
    const app = await buildTestApp()
    const register = doc.paths['/auth/register']?.post as Schema
    const schema = register.requestBody.content['application/json'].schema as Schema
    const statuses: number[] = []
    // A fresh seed per run (named on failure, to replay it): a fixed one registers the same
    // addresses every time, which a database kept across runs already holds (409s).
    const seed = crypto.getRandomValues(new Int32Array(1))[0] ?? 0
    for (const body of fc.sample(arbitraryOf(schema), { numRuns: 12, seed })) {
      const res = await app.request('/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      statuses.push(res.status)
    }
    // 409 when two generated addresses collide; 400 only for a too-common password.
    expect(statuses.filter((status) => status === 201).length, `seed ${seed}`).toBeGreaterThan(6)
  })
})
