/**
 * A browser's part for tests that call `app.request`: it sends an Origin like a page would and
 * keeps cookies between calls (app.request keeps none), honouring Path, Max-Age and Expires.
 */
import type { FetchLike } from '../../src/client.ts'
import type { TestApp } from '../helpers/app.ts'

interface Cookie {
  value: string
  path: string
}

export interface CookieJarFetch {
  fetch: FetchLike
  cookies: Map<string, Cookie>
  /** Every Set-Cookie line received, for attribute checks. */
  setCookies: string[]
  /** Every JSON answer body received. */
  bodies: unknown[]
}

export function cookieJarFetch(app: TestApp, origin: string): CookieJarFetch {
  const jar: CookieJarFetch = {
    cookies: new Map(),
    setCookies: [],
    bodies: [],
    fetch: fetchWithJar,
  }
  async function fetchWithJar(input: string | URL | Request, init: RequestInit = {}) {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init.headers)
    headers.set('origin', origin)
    const sent = [...jar.cookies].filter(([, cookie]) => url.pathname.startsWith(cookie.path))
    if (sent.length > 0)
      headers.set('cookie', sent.map(([name, c]) => `${name}=${c.value}`).join('; '))
    // workerd's Request does not implement `credentials`; the jar plays that part here.
    const { credentials: _, ...rest } = init as RequestInit & { credentials?: string }
    const res = await app.request(url.toString(), { ...rest, headers })
    for (const line of res.headers.getSetCookie()) store(jar, line)
    if (res.headers.get('content-type')?.includes('json')) jar.bodies.push(await res.clone().json())
    return res
  }
  return jar
}

function store(jar: CookieJarFetch, line: string): void {
  jar.setCookies.push(line)
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
  const eq = pair.indexOf('=')
  const name = pair.slice(0, eq)
  const attribute = (key: string) =>
    attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1)
  const maxAge = attribute('max-age')
  const expires = attribute('expires')
  const gone =
    (maxAge !== undefined && Number(maxAge) <= 0) ||
    (expires !== undefined && Date.parse(expires) <= Date.now())
  if (gone) jar.cookies.delete(name)
  else jar.cookies.set(name, { value: pair.slice(eq + 1), path: attribute('path') ?? '/' })
}
