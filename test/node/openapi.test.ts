import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeOpenApi } from '../../scripts/build-assets.ts'
import { buildOpenApiDocument } from '../../src/http/openapi/document.ts'

type Doc = { paths: Record<string, Record<string, unknown>> }
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type OperationDoc = any
let doc: Doc

beforeAll(() => {
  doc = buildOpenApiDocument('test') as Doc
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
    expect(
      register.responses['409'].content['application/json'].schema.properties.code.enum,
    ).toContain('email_taken')
    const me = doc.paths['/auth/me']?.get as OperationDoc
    expect(me.security).toEqual([{ bearer: [] }])
    expect(JSON.stringify(doc)).toContain('__Secure-edge-auth-refresh')
  })

  it('is what the build step writes to public/openapi.json', () => {
    expect(JSON.parse(writeOpenApi())).toEqual(
      buildOpenApiDocument(JSON.parse(readFileSync('package.json', 'utf8')).version),
    )
  })
})
