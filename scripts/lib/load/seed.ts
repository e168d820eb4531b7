/**
 * Test users and tokens, made through the service's own API (so the stored hashes are exactly
 * what the service writes): registration, and logins for access and refresh tokens.
 */
import type { Credentials } from './scenarios.ts'

export interface TokenPair {
  token: string
  refreshToken: string
}

const MAX_ATTEMPTS = 6

/** `count` users with distinct emails and passwords for one run; `tag` names a separate pool. */
export function makeUsers(count: number, runId: string, tag = ''): Credentials[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `bench-${runId}-${tag}${i}@bench.example.com`,
    password: `bench ${runId} user ${tag}${i} staple`,
  }))
}

/** Calls `fn` on every item, at most `limit` at a time, in order of the items. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * POSTs JSON and returns status and body; waits out 429 (Retry-After, at most 10 s each) and 503
 * (the database did not answer in DB_TIMEOUT_MS, as on a machine busy with other work) and
 * retries connection errors, a bounded number of times.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      })
      const text = await response.text()
      const transient = response.status === 429 || response.status === 503
      if (!transient || attempt >= MAX_ATTEMPTS)
        return { status: response.status, json: text ? JSON.parse(text) : {} }
      const wait = Math.min(10, Number(response.headers.get('retry-after')) || attempt)
      await new Promise((resolve) => setTimeout(resolve, wait * 1000))
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) throw error
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
}

/** Registers `users` (201, or 409 when one exists already); throws on anything else. */
export async function registerUsers(
  baseUrl: string,
  users: Credentials[],
  concurrency = 4,
): Promise<void> {
  await mapLimit(users, concurrency, async (user) => {
    const { status, json } = await postJson(`${baseUrl}/auth/register`, user)
    if (status !== 201 && status !== 409)
      throw new Error(`register ${user.email}: ${status} ${JSON.stringify(json)}`)
  })
}

/** `count` logins, users round-robin: fresh access and refresh tokens. */
export async function loginTokens(
  baseUrl: string,
  users: Credentials[],
  count: number,
  concurrency = 4,
): Promise<TokenPair[]> {
  const picks = Array.from({ length: count }, (_, i) => users[i % users.length] as Credentials)
  return mapLimit(picks, concurrency, async (user) => {
    const { status, json } = await postJson(`${baseUrl}/auth/login`, user)
    const { token, refreshToken } = json
    if (status !== 200 || typeof token !== 'string' || typeof refreshToken !== 'string')
      throw new Error(`login ${user.email}: ${status} ${JSON.stringify(json)}`)
    return { token, refreshToken }
  })
}
