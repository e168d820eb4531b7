/**
 * The few cookie rules a browser applies that OpenAuth's flow depends on: keep each cookie
 * by name from Set-Cookie, drop it when it is deleted (Max-Age=0 or an empty value, as Hono's
 * deleteCookie writes it), and send them all back as one Cookie header. Host, path, expiry
 * dates and attributes are ignored: every call goes to one issuer at one origin within a second.
 */
export interface CookieJar {
  /** Takes every Set-Cookie line of a response (`headers.getSetCookie()`). */
  store(setCookies: string[]): void
  /** The Cookie request header, or '' when the jar is empty. */
  header(): string
}

/** A fresh, empty jar: one per simulated browser (one per login). */
export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>()
  return {
    store(setCookies) {
      for (const line of setCookies) {
        const [pair = '', ...attributes] = line.split(';')
        const eq = pair.indexOf('=')
        if (eq <= 0) continue
        const name = pair.slice(0, eq).trim()
        const value = pair.slice(eq + 1).trim()
        if (value === '' || attributes.some(isMaxAgeZero)) cookies.delete(name)
        else cookies.set(name, value)
      }
    },
    header() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    },
  }
}

function isMaxAgeZero(attribute: string): boolean {
  const [key = '', value = ''] = attribute.split('=')
  return key.trim().toLowerCase() === 'max-age' && Number(value.trim()) <= 0
}
