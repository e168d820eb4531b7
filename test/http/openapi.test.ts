import { describe, expect, it } from 'vitest'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { Health, Jwks, Profile, TokenPair } from '../../src/api/response-schemas.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'
import { buildTestApp, me, registerUser } from '../helpers/app.ts'

// The document is validated as OpenAPI 3.1 in test/node/openapi.test.ts and held to the server
// by generated requests in openapi-conformance.test.ts; here: the routes the app serves, and the
// answers it gives.
describe('the OpenAPI document against the app', () => {
  it('lists every route the app serves, and nothing it does not', async () => {
    const app = await buildTestApp()
    const doc = buildOpenApiDocument('test', ENDPOINTS) as {
      paths: Record<string, Record<string, unknown>>
    }
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    )
    expect(served.size).toBeGreaterThan(8)
    expect([...served].sort()).toEqual([...documented].sort())
  })

  it('real answers match the documented response schemas', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    expect(TokenPair.safeParse(body).success).toBe(true)
    expect(Profile.safeParse(await (await me(app, body.token)).json()).success).toBe(true)
    expect(Health.safeParse(await (await app.request('/health')).json()).success).toBe(true)
    const jwks = await (await app.request('/.well-known/jwks.json')).json()
    expect(Jwks.safeParse(jwks).success).toBe(true)
  })

  it('serves the static pages through the Worker, under the API error rules', async () => {
    const app = await buildTestApp()
    const page = await app.request('/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await app.request('/docs')).status).toBe(307)
    // TRACE too (RFC 9110 §9.3.8): it would echo the request, cookies included, were it served.
    for (const method of ['PUT', 'TRACE'])
      for (const path of ['/', '/openapi.json', '/docs/']) {
        const res = await app.request(path, { method })
        expect(res.status, `${method} ${path}`).toBe(405)
        expect(res.headers.get('allow')).toBe('GET, HEAD')
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        const body = await res.json()
        expect(body).toEqual({ error: expect.any(String), code: 'method_not_allowed' })
      }
    const missing = await app.request('/no-such-file.js')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'not_found' })
  })
})
