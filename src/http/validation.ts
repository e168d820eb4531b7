/**
 * Request validation for the endpoints: a size limit that also holds for chunked bodies (hono's
 * bodyLimit), a JSON media type (415), strict UTF-8 and JSON syntax (400 `invalid_json`), then
 * the endpoint's zod schema through `@hono/zod-validator` (400 `validation_failed` with zod's
 * flattened details, the seed article's shape).
 */
import { zValidator } from '@hono/zod-validator'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
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
 * request without a body passes (refresh and logout, whose token may come from a cookie).
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

/** Keeps the service's error shape: `{error, code: 'validation_failed', details}`. */
const throwValidationFailed = (result: { success: boolean; error?: unknown }) => {
  if (!result.success)
    throw new AuthError('validation_failed', {
      details: z.flattenError(result.error as z.core.$ZodError),
    })
}

/** `@hono/zod-validator` for one target with the service's error shape. */
export function validate(target: 'json' | 'query' | 'param', schema: z.ZodMiniType) {
  return zValidator(target, schema, throwValidationFailed)
}
