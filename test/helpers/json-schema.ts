/**
 * The subset of JSON Schema the OpenAPI document uses, read the way an outside client reads it:
 * `arbitraryOf` generates values that satisfy a schema (fast-check), `conforms` checks a value
 * against one. Neither looks at the zod schemas the document was generated from.
 */
import fc from 'fast-check'

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
export type Schema = Record<string, any>

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
  email: /^[^@\s]+@[^@\s]+$/,
}

const codePoints = (text: string) => [...text].length

/** Values that satisfy `schema` (strings as Unicode graphemes, never lone surrogates). */
export function arbitraryOf(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]))
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.anyOf) return fc.oneof(...(schema.anyOf as Schema[]).map(arbitraryOf))
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      const shape = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value)]),
      )
      return fc.record(shape, { requiredKeys: (schema.required ?? []) as string[] })
    }
    case 'string':
      return stringOf(schema)
    case 'integer':
      return fc.integer({ min: schema.minimum, max: schema.maximum })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue()
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0
  const max = Math.min((schema.maxLength as number | undefined) ?? 64, min + 64)
  const base = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern as string))
    : fc.string({ unit: 'grapheme', minLength: min, maxLength: max })
  return base.filter((text) => {
    const length = codePoints(text)
    return length >= min && length <= ((schema.maxLength as number | undefined) ?? Infinity)
  })
}

/** Whether `value` satisfies `schema`; the reason when it does not. */
export function conforms(schema: Schema, value: unknown, at = '$'): string | undefined {
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return `${at}: not in enum`
  if (schema.const !== undefined && value !== schema.const) return `${at}: not the constant`
  if (schema.anyOf) {
    const ok = (schema.anyOf as Schema[]).some((option) => !conforms(option, value, at))
    return ok ? undefined : `${at}: matches no option`
  }
  switch (schema.type) {
    case 'object':
      return objectConforms(schema, value, at)
    case 'array':
      if (!Array.isArray(value)) return `${at}: not an array`
      return value.map((item, i) => conforms(schema.items ?? {}, item, `${at}[${i}]`)).find(Boolean)
    case 'string':
      return stringConforms(schema, value, at)
    case 'integer':
      return Number.isInteger(value) ? undefined : `${at}: not an integer`
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${at}: not a boolean`
    case 'null':
      return value === null ? undefined : `${at}: not null`
    default:
      return undefined
  }
}

function objectConforms(schema: Schema, value: unknown, at: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${at}: not an object`
  const record = value as Record<string, unknown>
  for (const key of (schema.required ?? []) as string[])
    if (!(key in record)) return `${at}.${key}: missing`
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  for (const [key, item] of Object.entries(record)) {
    const property = properties[key]
    if (!property) {
      if (schema.additionalProperties === false) return `${at}.${key}: not allowed`
      continue
    }
    const problem = conforms(property, item, `${at}.${key}`)
    if (problem) return problem
  }
  return undefined
}

function stringConforms(schema: Schema, value: unknown, at: string): string | undefined {
  if (typeof value !== 'string') return `${at}: not a string`
  const length = codePoints(value)
  if (schema.minLength !== undefined && length < schema.minLength) return `${at}: too short`
  if (schema.maxLength !== undefined && length > schema.maxLength) return `${at}: too long`
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) return `${at}: pattern`
  const format = FORMATS[schema.format as string]
  if (format && !format.test(value)) return `${at}: not ${schema.format}`
  return undefined
}
