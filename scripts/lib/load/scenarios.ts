/**
 * What each scenario sends: request sources the load generator calls once per request. They are
 * plain data (passed to the load generator's process) plus the logic to walk them: users
 * round-robin for login, access tokens round-robin for bearer routes, single-use refresh tokens
 * chained (each 200 gives the token for a later request), unique emails for register, known and
 * unknown addresses in turn for forgot-password, a pool of single-use link tokens, and the
 * two-step logins (password then TOTP code, passkey options then assertion) in their own files.
 */
import { createPasskeyFlow, type PasskeyFlowSpec } from './passkey-flow.ts'
import {
  type Credentials,
  nonEmpty,
  postTo,
  type RequestSource,
  type RequestSpec,
} from './request-source.ts'
import { createTotpFlow, type TotpFlowSpec } from './totp-flow.ts'

export type { Credentials, RequestSource, RequestSpec }

export type SourceSpec =
  | { kind: 'get'; path: string }
  /** Users tried round-robin, all with their correct password. */
  | { kind: 'login'; path: string; users: Credentials[] }
  /** Access tokens, round-robin, as `Authorization: Bearer`. */
  | { kind: 'bearer'; path: string; tokens: string[] }
  /** The initial pool of refresh tokens, each used once, then the ones the answers return. */
  | { kind: 'refresh'; path: string; tokens: string[] }
  /** Emails are `<prefix>-<n>@bench.example.com`. */
  | { kind: 'register'; path: string; emailPrefix?: string }
  /** Known addresses round-robin, every other request an address nobody has. */
  | { kind: 'forgot'; path: string; emails: string[] }
  /** Single-use mailed-link tokens, each sent once; `newPassword` for a reset. */
  | { kind: 'link'; path: string; tokens: string[]; newPassword?: string }
  | TotpFlowSpec
  | PasskeyFlowSpec

/** The password of every registered (not seeded) bench user: long, not a common password. */
export const REGISTER_PASSWORD = 'bench-Register-7f3a-horse-battery'
/** A one-request source; `onResponse` only looks at the answer. */
function single(
  next: () => RequestSpec,
  onResponse: (status: number, body: string) => void = () => {},
  exhausted = () => false,
): RequestSource {
  return {
    steps: 1,
    next,
    onResponse: (status, body) => {
      onResponse(status, body)
      return false
    },
    exhausted,
  }
}

/** A source for one load run; its state (counters, the refresh chain) lives in the process. */
export function createRequestSource(spec: SourceSpec): RequestSource {
  const post = (body: unknown) => postTo(spec.path, body)
  let n = 0
  switch (spec.kind) {
    case 'get':
      return single(() => ({ method: 'GET', path: spec.path, headers: {} }))
    case 'login': {
      const users = nonEmpty(spec.users, 'login needs users')
      return single(() => post(users[n++ % users.length]))
    }
    case 'bearer': {
      const tokens = nonEmpty(spec.tokens, 'bearer needs tokens')
      return single(() => ({
        method: 'GET',
        path: spec.path,
        headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}` },
      }))
    }
    case 'refresh':
      return refreshChain(nonEmpty(spec.tokens, 'refresh needs a token pool'), post)
    case 'register': {
      const prefix = spec.emailPrefix ?? `bench-${Date.now()}-${process.pid}`
      return single(() =>
        post({ email: `${prefix}-${n++}@bench.example.com`, password: REGISTER_PASSWORD }),
      )
    }
    case 'forgot': {
      const emails = nonEmpty(spec.emails, 'forgot needs known emails')
      const unknown = (i: number) => `nobody-${process.pid}-${i}@bench.example.com`
      return single(() => {
        const i = n++
        return post({ email: i % 2 === 0 ? emails[(i / 2) % emails.length] : unknown(i) })
      })
    }
    case 'link':
      return linkPool(spec.tokens, (token) =>
        post(spec.newPassword === undefined ? { token } : { token, newPassword: spec.newPassword }),
      )
    case 'totp':
      return createTotpFlow(spec)
    case 'passkey':
      return createPasskeyFlow(spec)
  }
}

/**
 * Refresh tokens are single-use: a queue starts with the pool, each request takes one, and each
 * 200 puts its successor back. With a pool larger than the connection count, every request has a
 * fresh token; a request that finds the queue empty sends a dead one (and is counted as a 401).
 */
function refreshChain(tokens: string[], post: (body: unknown) => RequestSpec): RequestSource {
  const queue = [...tokens]
  return single(
    () => post({ refreshToken: queue.shift() ?? 'pool-exhausted' }),
    (status, body) => {
      if (status !== 200) return
      const token = (JSON.parse(body) as { refreshToken?: unknown }).refreshToken
      if (typeof token === 'string') queue.push(token)
    },
  )
}

/**
 * Mailed-link tokens are single-use and nothing hands out new ones under load: each request
 * takes the next. Once none is left the source is exhausted (the window closes) and sends a
 * token no row has, whose answer is never counted.
 */
function linkPool(tokens: string[], request: (token: string) => RequestSpec): RequestSource {
  const queue = [...nonEmpty(tokens, 'link needs a token pool')].reverse()
  let dry = false
  return single(
    () => {
      const token = queue.pop()
      if (token === undefined) dry = true
      return request(token ?? 'A'.repeat(43))
    },
    undefined,
    () => dry,
  )
}
