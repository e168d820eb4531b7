/** Readable messages for the demo page from the client's typed errors. */
import { AuthClientError } from '../client.ts'

/**
 * `Invalid credentials (invalid_credentials, HTTP 401)`, plus the field errors of a 400
 * (zod's flattened `details`) and the wait of a 429 or 503 (`Retry-After`).
 */
export function describeError(error: unknown): string {
  if (!(error instanceof AuthClientError)) {
    return error instanceof Error ? error.message : String(error)
  }
  const status = error.status ? `, HTTP ${error.status}` : ''
  let text = `${error.message} (${error.code}${status})`
  const fields = fieldErrors(error.details)
  if (fields.length > 0) text += `: ${fields.join('; ')}`
  if (error.retryAfter !== undefined) text += `. Try again in ${formatWait(error.retryAfter)}.`
  return text
}

function fieldErrors(details: unknown): string[] {
  const flattened = details as { formErrors?: unknown; fieldErrors?: unknown } | undefined
  const messages: string[] = []
  if (Array.isArray(flattened?.formErrors)) messages.push(...flattened.formErrors.map(String))
  if (flattened?.fieldErrors && typeof flattened.fieldErrors === 'object') {
    for (const [field, errors] of Object.entries(flattened.fieldErrors)) {
      if (Array.isArray(errors)) messages.push(...errors.map((e) => `${field}: ${String(e)}`))
    }
  }
  return messages
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  return `${Math.ceil(seconds / 60)} minutes`
}
