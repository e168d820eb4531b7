import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeOpenApi } from '../../scripts/build-assets.ts'
import { ENDPOINTS } from '../../src/api/endpoints.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'

type Doc = { paths: Record<string, Record<string, unknown>> }
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type OperationDoc = any
let doc: Doc

beforeAll(() => {
  doc = buildOpenApiDocument('test', ENDPOINTS) as Doc
})

describe('OpenAPI 3.1 document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('describes request bodies, error shapes and both security schemes', () => {
    const register = doc.paths['/auth/register']?.post as OperationDoc
    const body = register.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['email', 'password'])
    expect(body.properties.password).toMatchObject({ minLength: 8, maxLength: 1024 })
    // Built once, not per deployment: minLength is the default; the deployment's value applies.
    expect(body.properties.password.description).toMatch(/deployment's PASSWORD_MIN_LENGTH/)
    expect(
      register.responses['409'].content['application/json'].schema.properties.code.enum,
    ).toContain('email_taken')
    const me = doc.paths['/auth/me']?.get as OperationDoc
    expect(me.security).toEqual([{ bearer: [] }])
    expect(JSON.stringify(doc)).toContain('__Host-edge-auth-refresh')
  })

  it('states the rules the server enforces, the headers of the contract, and who may call', () => {
    const login = doc.paths['/auth/login']?.post as OperationDoc
    const email = login.requestBody.content['application/json'].schema.properties.email
    expect(email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 })
    expect(new RegExp(email.pattern).test('ada@example.com')).toBe(true)
    expect(new RegExp(email.pattern).test('not an email')).toBe(false)
    expect(login.security).toEqual([])
    expect(login.responses['429'].headers).toHaveProperty('Retry-After')
    expect(login.responses['200'].headers).toHaveProperty('Set-Cookie')
    const logout = doc.paths['/auth/logout']?.post as OperationDoc
    expect(Object.keys(logout.responses)).toEqual(
      expect.arrayContaining(['204', '400', '401', '403', '413', '415', '503']),
    )
    expect(logout.responses['401'].headers).toHaveProperty('WWW-Authenticate')
    expect(doc.paths['/docs']?.get).toMatchObject({ responses: { 307: expect.anything() } })
    for (const [path, method] of [
      ['/auth/logout', 'post'],
      ['/auth/sessions/{id}', 'delete'],
      ['/auth/account', 'delete'],
    ] as const) {
      const ended = (doc.paths[path] as OperationDoc)[method].responses['204']
      expect(ended.headers['Set-Cookie'].description, path).toContain('Max-Age=0')
    }
    const exported = (doc.paths['/auth/account/export'] as OperationDoc).get.responses['200']
    expect(exported.headers['Content-Disposition'].schema.const).toContain('attachment')
    const jwks = (doc.paths['/.well-known/jwks.json'] as OperationDoc).get.responses['200']
    expect(jwks.headers['Cache-Control'].schema.const).toBe('public, max-age=600')
  })

  it('says Cache-Control on every JSON answer, and no-store unless it is public', () => {
    const answers = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries((op as OperationDoc).responses).map(([status, response]) => ({
          at: `${method} ${path} ${status}`,
          response: response as OperationDoc,
        })),
      ),
    )
    const json = answers.filter(({ response }) => response.content?.['application/json']?.schema)
    expect(json.length).toBeGreaterThan(100)
    for (const { at, response } of json) {
      const cache = response.headers?.['Cache-Control']
      expect(cache, at).toMatchObject({ required: true })
      if (!at.startsWith('get /.well-known/jwks.json 200'))
        expect(cache.schema.const, at).toBe('no-store')
    }
    const top = doc as unknown as { servers: unknown[]; info: { license: { name: string } } }
    expect(top.servers.length).toBeGreaterThan(0)
    expect(top.info.license.name).toBe('MIT')
  })

  it('is what the build step writes to public/openapi.json', () => {
    expect(JSON.parse(writeOpenApi())).toEqual(
      buildOpenApiDocument(JSON.parse(readFileSync('package.json', 'utf8')).version, ENDPOINTS),
    )
  })
})
