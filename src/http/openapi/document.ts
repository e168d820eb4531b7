/**
 * Builds the OpenAPI 3.1 document from the endpoint declarations (src/api/endpoints.ts) and
 * the zod schemas, at build time (scripts/build-assets.ts): the Worker ships neither this module
 * nor the response schemas.
 */

import {
  type ContractHeader,
  type EndpointSpec,
  endpointErrors,
  errorHeaders,
  successHeaders,
} from '../../api/endpoint-spec.ts'
import { REFRESH_COOKIE } from '../../api/refresh-cookie.ts'
import { ErrorBody, RESPONSES } from '../../api/response-schemas.ts'
import { ERRORS, type ErrorCode } from '../../errors.ts'
import { type Json, schemaOf } from './schema-json.ts'

const COOKIE_MODE = 'Cookie mode (AUTH_COOKIE=on), browsers only'
const DESCRIPTIONS: Record<string, string> = {
  'Cache-Control': 'Caching rule for this answer',
  'Retry-After': 'Seconds to wait before trying again',
  'WWW-Authenticate': 'RFC 6750: how to authenticate',
  'Set-Cookie': `${COOKIE_MODE}: \`${REFRESH_COOKIE}\`, HttpOnly, Secure, SameSite`,
  'Content-Disposition': 'A file to save',
  Location: 'Where the resource is',
}
const CLEARS_COOKIE = `${COOKIE_MODE}: expires \`${REFRESH_COOKIE}\` (Max-Age=0)`
const ASSET_CACHE =
  "The static asset server's default; not sent when the request has Authorization or Range"

/** OpenAPI header objects; `required` when every such answer sends it, the value when fixed. */
function headers(
  contract: Record<string, ContractHeader>,
  descriptions: Record<string, string> = {},
): Json | undefined {
  const entries = Object.entries(contract)
  if (entries.length === 0) return undefined
  return Object.fromEntries(
    entries.map(([name, { value, pattern, always }]) => [
      name,
      {
        description: descriptions[name] ?? DESCRIPTIONS[name],
        required: always || undefined,
        schema: { type: 'string', const: value, pattern },
      },
    ]),
  )
}

function successResponse(spec: EndpointSpec): Json {
  const { success } = spec
  const type = success.contentType ?? 'application/json'
  const content = success.body
    ? { [type]: { schema: schemaOf(RESPONSES[success.body], 'output') } }
    : success.contentType
      ? { [type]: {} }
      : undefined
  const descriptions: Record<string, string> = {}
  if (success.clearsCookie) descriptions['Set-Cookie'] = CLEARS_COOKIE
  if (success.cache === 'asset') descriptions['Cache-Control'] = ASSET_CACHE
  return {
    description: success.description,
    headers: headers(successHeaders(success), descriptions),
    content,
  }
}

/** One response per error status, its `code` limited to what this route can answer with it. */
function errorResponses(spec: EndpointSpec): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of endpointErrors(spec)) {
    const status = ERRORS[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const body = schemaOf(ErrorBody, 'output') as { properties: Record<string, Json> }
  const out: Record<string, Json> = {}
  for (const [status, codes] of byStatus) {
    const schema = { ...body, properties: { ...body.properties, code: { enum: codes } } }
    out[status] = {
      description: codes.map((code) => `\`${code}\`: ${ERRORS[code].message}`).join('; '),
      headers: headers(errorHeaders(status, codes)),
      content: { 'application/json': { schema } },
    }
  }
  return out
}

/** Hono's `/a/:id` as OpenAPI's `/a/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}')

function parameters(spec: EndpointSpec): Json[] | undefined {
  const params: Json[] = [...spec.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (spec.query) {
    const query = schemaOf(spec.query, 'input') as { properties?: Json; required?: string[] }
    for (const [name, schema] of Object.entries(query.properties ?? {}))
      params.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema })
  }
  return params.length ? params : undefined
}

function operation(spec: EndpointSpec): Json {
  const security = (spec.security ?? []).map((name) => (name === 'anonymous' ? {} : { [name]: [] }))
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method}${spec.path.replace(/[^a-z]+(.)?/gi, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: parameters(spec),
    requestBody: spec.body && {
      required: !spec.bodyOptional,
      content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
    },
    security,
    responses: {
      [spec.success.status]: successResponse(spec),
      ...(spec.alternative && {
        [spec.alternative.status]: successResponse({ ...spec, success: spec.alternative }),
      }),
      ...errorResponses(spec),
    },
  }
}

/** The document for `version`, from every endpoint the app serves. */
export function buildOpenApiDocument(version: string, endpoints: readonly EndpointSpec[]): Json {
  const paths: Record<string, Json> = {}
  for (const spec of endpoints) {
    const path = openApiPath(spec.path)
    paths[path] = { ...paths[path], [spec.method]: operation(spec) }
  }
  // JSON has no undefined: drop the optional parts that are absent.
  return JSON.parse(
    JSON.stringify({
      openapi: '3.1.0',
      info: {
        title: 'edge-auth',
        version,
        license: { name: 'MIT', identifier: 'MIT' },
        description:
          'Login service at the edge. Errors are `{error, code, details?}`; see the README for the session model.',
      },
      servers: [
        { url: 'http://localhost:8787', description: 'npm run dev' },
        { url: '/', description: 'The origin this document is served from' },
      ],
      tags: [
        { name: 'accounts', description: 'Accounts and sign-in' },
        { name: 'sessions', description: 'Refresh, logout, password change' },
        { name: 'service', description: 'Keys, health, documentation' },
      ],
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          refreshCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: REFRESH_COOKIE,
            description: 'Cookie mode (AUTH_COOKIE=on) only',
          },
        },
      },
    }),
  ) as Json
}
