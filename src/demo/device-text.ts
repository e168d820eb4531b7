/** How a session reads in the device list: "Chrome on Linux", where, and when it was last used. */

/** A session as GET /auth/sessions lists it. */
export interface DeviceSession {
  id: string
  current: boolean
  createdAt: string
  lastUsedAt: string | null
  userAgent: string | null
  location?: { country: string | null; city: string | null }
}

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Windows/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

/** "Chrome on Linux" from a User-Agent; a guess for people, never used for a decision. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device'
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? userAgent.slice(0, 40)
}

/** "3 minutes ago", from two instants in ms. */
export function ago(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`
  return `${Math.round(hours / 24)} days ago`
}

/** "Austin, US · last used 3 minutes ago · signed in 12/2/2026". */
export function deviceDetails(session: DeviceSession, now: number): string {
  const where = [session.location?.city, session.location?.country].filter(Boolean).join(', ')
  const used = session.lastUsedAt ?? session.createdAt
  const parts = [
    where || 'location unknown',
    `last used ${ago(Date.parse(used), now)}`,
    `signed in ${new Date(session.createdAt).toLocaleDateString()}`,
  ]
  return parts.join(' · ')
}
