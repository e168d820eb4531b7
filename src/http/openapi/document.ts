/** Builds the OpenAPI 3.1 document from ROUTES and the zod schemas (zod's own JSON Schema output). */
import * as z from 'zod/mini'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password-policy.ts'
import { REFRESH_COOKIE } from '../cookie-name.ts'
import { AnyPassword, NewPassword } from '../schemas.ts'
import { ROUTES, type RouteDoc } from './routes.ts'

type Json = Record<string, unknown>

/** What JSON Schema cannot say about the password refinements (code points after NFKC). */
function override(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  if (ctx.zodSchema === NewPassword) {
    Object.assign(ctx.jsonSchema, {
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      description: `${MIN_PASSWORD_LENGTH} (or PASSWORD_MIN_LENGTH) to ${MAX_PASSWORD_LENGTH} Unicode code points after NFKC; not one of the 10,000 most common passwords`,
    })
  }
  if (ctx.zodSchema === AnyPassword)
    Object.assign(ctx.jsonSchema, { maxLength: MAX_PASSWORD_LENGTH })
}

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override,
  }) as Json
  return json
}

function operation(route: RouteDoc): Json {
  const responses: Json = {}
  for (const [status, response] of Object.entries(route.responses)) {
    const type = response.contentType ?? 'application/json'
    responses[status] = response.schema
      ? {
          description: response.description,
          content: { [type]: { schema: schemaOf(response.schema, 'output') } },
        }
      : response.contentType
        ? { description: response.description, content: { [type]: {} } }
        : { description: response.description }
  }
  return {
    summary: route.summary,
    tags: [route.tag],
    operationId: `${route.method}${route.path.replace(/[^a-z]+(.)?/gi, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(route.query && {
      parameters: Object.entries(route.query).map(([name, q]) => ({
        name,
        in: 'query',
        required: false,
        description: q.description,
        schema: { type: 'string', enum: q.enum },
      })),
    }),
    ...(route.body && {
      requestBody: {
        // A route that can be called anonymously takes its token from the cookie instead.
        required: !route.anonymous,
        content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
      },
    }),
    ...(route.security && {
      security: [
        ...route.security.map((name) => ({ [name]: [] })),
        ...(route.anonymous ? [{}] : []),
      ],
    }),
    responses,
  }
}

export function buildOpenApiDocument(version: string): Json {
  const paths: Record<string, Json> = {}
  for (const route of ROUTES)
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) }
  return {
    openapi: '3.1.0',
    info: {
      title: 'edge-auth',
      version,
      description:
        'Login service at the edge. Errors are `{error, code, details?}`; see the README for the session model.',
    },
    tags: [
      { name: 'auth', description: 'Accounts and sign-in' },
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
  }
}
