/**
 * Body handling for JSON routes: a size limit that also holds for chunked bodies (hono's
 * bodyLimit), a JSON media type (415), strict UTF-8 and JSON syntax (400 `invalid_json`), then the
 * route's zod schema through hono's validator (400 `validation_failed` with zod's flattened
 * details, the seed article's shape).
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { validator } from 'hono/validator'
import * as z from 'zod/mini'
import { AuthError } from '../errors.ts'

export const MAX_BODY_BYTES = 16 * 1024

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new AuthError('payload_too_large', { details: { maxBytes: MAX_BODY_BYTES } })
  },
})

/**
 * Refuses what is not a JSON document in UTF-8 before any schema sees it. With `optional`, a
 * request without a body passes (logout, whose token may come from a cookie).
 */
export function requireJson(options: { optional?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    const contentType = c.req.header('content-type')
    // Reading caches the bytes on the request, so the validator below parses the same body.
    // Over real HTTP an empty POST still has a (zero-length) body stream, so count the bytes.
    const bytes = await c.req.arrayBuffer()
    if (options.optional && contentType === undefined && bytes.byteLength === 0) return next()
    const mediaType = (contentType ?? '').split(';')[0]?.trim() ?? ''
    if (!JSON_MEDIA_TYPE.test(mediaType)) throw new AuthError('unsupported_media_type')
    try {
      JSON.parse(strictUtf8.decode(bytes))
    } catch {
      throw new AuthError('invalid_json')
    }
    await next()
  }
}

/** hono's json validator running a zod schema; the typed input also feeds hono/client. */
export function jsonBody<S extends z.ZodMiniType>(schema: S) {
  return validator('json', (value: z.input<S>): z.output<S> => parseWith(schema, value))
}

/** The same for the query string. */
export function validateQuery<S extends z.ZodMiniType>(schema: S) {
  return validator(
    'query',
    (value: Record<string, string | string[]>): z.output<S> => parseWith(schema, value),
  )
}

function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw new AuthError('validation_failed', { details: z.flattenError(result.error) })
  }
  return result.data
}
