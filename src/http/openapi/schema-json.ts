/**
 * zod → JSON Schema for the document (zod's own converter), with what JSON Schema cannot read
 * from a refinement stated explicitly, so that the document describes the rule the server
 * enforces: a schema-valid request can succeed, and the fuzzer's invalid ones are refused.
 */
import * as z from 'zod/mini'
import { AnyPassword, Email, Name, NewPassword } from '../../api/field-schemas.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../password-length.ts'

export type Json = Record<string, unknown>

/** zod's `z.email()` pattern, which the server applies after trimming and lower-casing. */
const EMAIL_PATTERN = z.regexes.email.source
/** At least one character that is not white space, and no control characters (C0, DEL, C1). */
const NAME_PATTERN =
  '^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$'

function override(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  const set = (fields: Json) => {
    for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key]
    Object.assign(ctx.jsonSchema, fields)
  }
  if (ctx.zodSchema === Email)
    set({ type: 'string', format: 'email', maxLength: 254, pattern: EMAIL_PATTERN })
  if (ctx.zodSchema === Name)
    set({ type: 'string', minLength: 1, maxLength: 100, pattern: NAME_PATTERN })
  if (ctx.zodSchema === NewPassword)
    set({
      type: 'string',
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      // The document is built once (scripts/build-assets.ts), not per deployment: it states the
      // default and floor, and says the deployment's own minimum is what the server enforces.
      description: `Unicode code points after NFKC: at least the deployment's PASSWORD_MIN_LENGTH (${MIN_PASSWORD_LENGTH} by default, never less; minLength shows that default, up to 64 may be set, and a shorter password gets 400 \`validation_failed\`), at most ${MAX_PASSWORD_LENGTH}; not one of the most common passwords (400 \`weak_password\`)`,
    })
  if (ctx.zodSchema === AnyPassword)
    set({ type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH })
}

/** The JSON Schema of a request (`input`) or response (`output`) schema. */
export function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override,
  }) as Json
  return json
}
