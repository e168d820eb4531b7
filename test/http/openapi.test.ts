import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'
import { Health, Jwks, Profile, TokenPair } from '../../src/http/openapi/responses.ts'
import { buildTestApp, me, registerUser } from '../helpers/app.ts'

// The document is validated as OpenAPI 3.1 in test/node/openapi.test.ts; here it is held against
// the app itself: the routes it serves, and the answers it gives.
describe('the OpenAPI document against the app', () => {
  it('covers every route the app serves, and nothing it does not', async () => {
    const app = await buildTestApp()
    const doc = buildOpenApiDocument('test') as { paths: Record<string, Record<string, unknown>> }
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path}`),
    )
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    )
    const staticAssets = new Set(['get /openapi.json', 'get /docs'])
    expect(served.size).toBeGreaterThan(5)
    for (const route of served) expect(documented, route).toContain(route)
    for (const route of documented)
      if (!staticAssets.has(route)) expect(served, route).toContain(route)
  })

  it('real answers match the documented response schemas', async () => {
    const app = await buildTestApp()
    const { body } = await registerUser(app)
    expect(TokenPair.safeParse(body).success).toBe(true)
    expect(Profile.safeParse(await (await me(app, body.token)).json()).success).toBe(true)
    expect(Health.safeParse(await (await app.request('/health')).json()).success).toBe(true)
    expect(Jwks.safeParse(await (await app.request('/.well-known/jwks.json')).json()).success).toBe(
      true,
    )
  })
})
