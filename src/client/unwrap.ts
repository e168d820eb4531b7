/** Reading a hono/client answer: its typed body on success, its AuthClientError otherwise. */
import type { ClientResponse } from 'hono/client'
import { errorFromResponse } from './client-error.ts'

/**
 * The JSON body of a successful answer (`undefined` for 204 No Content), or the server's
 * `{error, code, details}` thrown as an AuthClientError, so every call of `client.api` reads
 * the same way:
 *
 *     const { sessions } = await unwrap(auth.api.auth.sessions.$get())
 */
export async function unwrap<T, U extends number, F extends string>(
  answer: ClientResponse<T, U, F> | Promise<ClientResponse<T, U, F>>,
): Promise<T> {
  const res = await answer
  if (!res.ok) throw await errorFromResponse(res)
  // A 204 has no body to parse; its declared body type is empty too.
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}
