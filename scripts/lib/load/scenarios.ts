/**
 * What each scenario sends: request sources the load generator calls once per request. They are
 * plain data (passed to the load generator's process) plus the logic to walk them: users
 * round-robin for login, access tokens round-robin for /auth/me, single-use refresh tokens
 * chained (each 200 gives the token for a later request), unique emails for register.
 */
export type RequestKind = 'get' | 'login' | 'bearer' | 'refresh' | 'register'

export interface Credentials {
  email: string
  password: string
}

export interface SourceSpec {
  kind: RequestKind
  path: string
  /** login: tried round-robin, all with their correct password. */
  users?: Credentials[]
  /** bearer: access tokens, round-robin; refresh: the initial pool, each used once. */
  tokens?: string[]
  /** register: emails are `<prefix>-<n>@bench.example.com`. */
  emailPrefix?: string
}

export interface RequestSpec {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

export interface RequestSource {
  next(): RequestSpec
  onResponse(status: number, body: string): void
}

/** The password of every registered (not seeded) bench user: long, not a common password. */
export const REGISTER_PASSWORD = 'bench-Register-7f3a-horse-battery'
const JSON_HEADERS = { 'content-type': 'application/json' }

/** A source for one load run; its state (counters, the refresh chain) lives in the process. */
export function createRequestSource(spec: SourceSpec): RequestSource {
  const post = (body: unknown): RequestSpec => ({
    method: 'POST',
    path: spec.path,
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  })
  let n = 0
  const ignore = () => {}
  switch (spec.kind) {
    case 'get':
      return { next: () => ({ method: 'GET', path: spec.path, headers: {} }), onResponse: ignore }
    case 'login': {
      const users = nonEmpty(spec.users, 'login needs users')
      return { next: () => post(users[n++ % users.length]), onResponse: ignore }
    }
    case 'bearer': {
      const tokens = nonEmpty(spec.tokens, 'bearer needs tokens')
      const next = (): RequestSpec => ({
        method: 'GET',
        path: spec.path,
        headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}` },
      })
      return { next, onResponse: ignore }
    }
    case 'refresh':
      return refreshChain(spec, post)
    case 'register': {
      const prefix = spec.emailPrefix ?? `bench-${Date.now()}-${process.pid}`
      const next = () =>
        post({ email: `${prefix}-${n++}@bench.example.com`, password: REGISTER_PASSWORD })
      return { next, onResponse: ignore }
    }
  }
}

/**
 * Refresh tokens are single-use: a queue starts with the pool, each request takes one, and each
 * 200 puts its successor back. With a pool larger than the connection count, every request has a
 * fresh token; a request that finds the queue empty sends a dead one (and is counted as a 401).
 */
function refreshChain(spec: SourceSpec, post: (body: unknown) => RequestSpec): RequestSource {
  const queue = [...nonEmpty(spec.tokens, 'refresh needs a token pool')]
  return {
    next: () => post({ refreshToken: queue.shift() ?? 'pool-exhausted' }),
    onResponse(status, body) {
      if (status !== 200) return
      const token = (JSON.parse(body) as { refreshToken?: unknown }).refreshToken
      if (typeof token === 'string') queue.push(token)
    },
  }
}

function nonEmpty<T>(items: T[] | undefined, message: string): T[] {
  if (!items || items.length === 0) throw new Error(message)
  return items
}
