import type { IncomingHttpHeaders } from 'node:http'
import { secretMatches } from './secret.ts'

/**
 * Who may talk to the proxy. It fronts a database session with the backend's own (often
 * superuser) credentials, so it answers only local programs that were handed its secret: never a
 * web page (which always sends Origin on POST and on WebSocket upgrades), never a request whose
 * Host names another site (DNS rebinding: evil.example re-resolved to 127.0.0.1, OWASP "DNS
 * Rebinding" / RFC 6455 section 10.2 on Origin checks).
 */
export interface AccessPolicy {
  /** Host header values that name this proxy, e.g. "127.0.0.1:4444". */
  readonly hosts: ReadonlySet<string>
  readonly secret: string
}

/** A refused request: status and JSON body for the client, reason for the one log line. */
export interface Refusal {
  status: 401 | 403
  body: { message: string; code: string }
  /** What was wrong, for the log; never contains a secret or a presented password. */
  reason: string
}

/**
 * The Host values that reach this listener: its literal address, and `localhost`, which names
 * the loopback interface it listens on. `[::1]` only when it listens there.
 */
export function loopbackHosts(host: string, port: number): Set<string> {
  const literal = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  return new Set([literal, `localhost:${port}`])
}

/** Refuses web pages (any Origin) and foreign Host headers; null when neither applies. */
export function refuseForeign(headers: IncomingHttpHeaders, policy: AccessPolicy): Refusal | null {
  if (headers.origin !== undefined) {
    return refusal(
      403,
      '28000',
      'the local Neon proxy does not answer web pages',
      `Origin header present (${quote(headers.origin)})`,
    )
  }
  const host = headers.host?.toLowerCase()
  if (host === undefined || !policy.hosts.has(host)) {
    const expected = [...policy.hosts].join(' or ')
    return refusal(
      403,
      '28000',
      `Host header must name this proxy (${expected})`,
      `foreign Host header ${host === undefined ? '(none)' : quote(host)}`,
    )
  }
  return null
}

/**
 * Refuses an HTTP request whose Neon-Connection-String does not carry the proxy's secret as its
 * password (the driver sends the whole connection string on every request, as it does to Neon).
 */
export function refuseWithoutSecret(
  headers: IncomingHttpHeaders,
  policy: AccessPolicy,
): Refusal | null {
  const password = connectionPassword(headers['neon-connection-string'])
  if (password !== undefined && secretMatches(password, policy.secret)) return null
  return refusal(
    401,
    '28P01',
    "password authentication failed: the Neon-Connection-String's password must be the proxy's secret",
    password === undefined ? 'no secret in Neon-Connection-String' : 'wrong secret',
  )
}

/** The password of a connection string, or undefined when there is none or it is not a URL. */
function connectionPassword(raw: string | string[] | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined
  try {
    const password = new URL(raw).password
    return password ? decodeURIComponent(password) : undefined
  } catch {
    return undefined
  }
}

function refusal(status: 401 | 403, code: string, message: string, reason: string): Refusal {
  return { status, body: { message, code }, reason }
}

/** Client-chosen text for a log line: quoted (no line breaks get through) and bounded. */
function quote(value: string): string {
  return JSON.stringify(value.slice(0, 100))
}
