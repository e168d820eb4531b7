/**
 * An answer held to its operation in the OpenAPI document, read the way an outside client reads
 * it: the status is documented, a JSON body matches the documented schema, and each header of
 * the contract the server sends is documented for that status, with a value its schema allows;
 * a header documented as required is there.
 */
import { conforms, type Schema } from './json-schema.ts'

/** The headers a client or a cache acts on: each one sent must be documented for its status. */
export const CONTRACT_HEADERS = [
  'cache-control',
  'set-cookie',
  'retry-after',
  'www-authenticate',
  'allow',
]

/** What in `res` the document does not say; empty when the answer is as documented. */
export async function undocumented(op: Schema, res: Response): Promise<string[]> {
  const documented = op.responses?.[String(res.status)] as Schema | undefined
  if (!documented) return [`status ${res.status}`]
  const problems = headerProblems(documented, res.headers)
  const schema = documented.content?.['application/json']?.schema as Schema | undefined
  if (schema) {
    const body = await res.clone().json()
    const reason = conforms(schema, body)
    if (reason) problems.push(`body ${reason}: ${JSON.stringify(body)}`)
  }
  return problems
}

function headerProblems(documented: Schema, sent: Headers): string[] {
  const declared = new Map(
    Object.entries((documented.headers ?? {}) as Record<string, Schema>).map(([name, header]) => [
      name.toLowerCase(),
      header,
    ]),
  )
  const problems = CONTRACT_HEADERS.filter((name) => sent.has(name) && !declared.has(name)).map(
    (name) => `${name}: ${sent.get(name)} (not documented)`,
  )
  for (const [name, header] of declared) {
    const value = sent.get(name)
    if (value === null) {
      if (header.required) problems.push(`${name}: documented as always sent, missing`)
      continue
    }
    const reason = header.schema ? conforms(header.schema as Schema, value) : undefined
    if (reason) problems.push(`${name}: ${value} (${reason})`)
  }
  return problems
}
