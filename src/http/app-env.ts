import type { AuthContext } from '../auth/context.ts'

/** Where a request's Origin header puts it: absent, this service's own, allowlisted, or not. */
export type OriginKind = 'none' | 'same' | 'listed' | 'foreign'

/** Hono's typed context: what middleware puts on `c.var` for handlers and the request log. */
export interface AppEnv {
  Variables: {
    requestId: string
    /** The request's domain context: the store opened for it and the per-isolate services. */
    auth: AuthContext
    origin: OriginKind
    /** What happened, for the request log: `login_succeeded`, `invalid_credentials`... */
    outcome?: string
    /** Class and code of an unexpected error (never its message). */
    errorInfo?: { name: string; code?: string }
  }
}
