import type { Store } from '../auth/store.ts'

/** Hono's typed context: what middleware puts on `c.var` for handlers and the request log. */
export interface AppEnv {
  Variables: {
    requestId: string
    store: Store
    /** What happened, for the request log: `login_succeeded`, `invalid_credentials`... */
    outcome?: string
    /** Class and code of an unexpected error (never its message). */
    errorInfo?: { name: string; code?: string }
  }
}
