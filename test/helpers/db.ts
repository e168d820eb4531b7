/** Direct reads of the test database through the same Neon driver and local proxy as the app. */
import { neon } from '@neondatabase/serverless'
import { useLocalProxy } from '../../src/db/local-proxy.ts'
import { testEnv } from './app.ts'

useLocalProxy()
const sql = neon(testEnv.DATABASE_URL ?? '')

export async function query<T = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await sql.query(text, params)) as T[]
}

export async function usersWithEmail(email: string) {
  return query<{
    id: string
    email: string
    password_hash: string
    role: string
    name: string | null
  }>('select id, email, password_hash, role, name from users where lower(email) = lower($1)', [
    email,
  ])
}

/** The key of login_throttles: HMAC-SHA-256 of the normalised email under LOCKOUT_SECRET. */
export async function emailKey(email: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(testEnv.LOCKOUT_SECRET ?? ''),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(email.toLowerCase()))
  return btoa(String.fromCharCode(...new Uint8Array(mac)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

/** The failure counter of an email. */
export async function throttleOf(email: string) {
  const key = await emailKey(email)
  const rows = await query<{ failures: number; locked: boolean }>(
    'select failures, locked_until is not null as locked from login_throttles where email_hash = $1',
    [key],
  )
  return rows[0]
}

/** Counts the driver's round trips (neon-http fetches to /sql) while `run` executes. */
export async function countQueries<T>(
  run: () => Promise<T>,
): Promise<{ result: T; queries: number }> {
  const original = globalThis.fetch
  let queries = 0
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url.endsWith('/sql')) queries++
    return original(input, init)
  }
  try {
    return { result: await run(), queries }
  } finally {
    globalThis.fetch = original
  }
}

/**
 * A request's status and its round trips, the shape in which each route's database cost is
 * asserted (test/db/round-trips*.test.ts): neon-http sends one HTTP request per query or batch,
 * and at the edge those dominate latency.
 */
export async function roundTrips(
  run: () => Response | Promise<Response>,
): Promise<{ status: number; trips: number }> {
  const { result, queries } = await countQueries(async () => run())
  return { status: result.status, trips: queries }
}
