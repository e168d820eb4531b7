/**
 * The answers no route gives: a static file (GET/HEAD of public/), 405 with `Allow` for a known
 * path with another method, 404, and every thrown error through the one vocabulary
 * (src/errors.ts).
 */
import type { Context, Hono } from 'hono'
import { AuthError } from '../errors.ts'
import type { AppEnv } from './app-env.ts'
import { describeError, errorResponse, toAuthError } from './error-response.ts'

/** Serves a file of public/ for a GET or HEAD no route took; undefined when there is none. */
export type AssetFile = (c: Context<AppEnv>) => Promise<Response | undefined>

/** Call after every route is registered. */
export function installFallbacks(app: Hono<AppEnv>, assetFile?: AssetFile): void {
  const allowedMethods = methodTable(app)
  app.notFound(async (c) => {
    const allowed = allowedMethods(c.req.path)
    if (allowed) return methodNotAllowed(c, allowed)
    if (assetFile && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const file = await assetFile(c)
      if (file) return file
    }
    c.set('outcome', 'not_found')
    return errorResponse(c, new AuthError('not_found'))
  })
  app.onError((error, c) => {
    const authError = toAuthError(error)
    c.set('outcome', authError.outcome)
    if (authError.status >= 500) c.set('errorInfo', describeError(error))
    return errorResponse(c, authError)
  })
}

/**
 * The methods each route path answers (`:id` segments match any one segment). hono's
 * method-not-allowed middleware does this with a second router (bundle size); a short list of
 * patterns is enough here.
 */
function methodTable(app: Hono<AppEnv>): (path: string) => string[] | undefined {
  const table = new Map<string, { pattern: RegExp; methods: Set<string> }>()
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue
    const entry = table.get(path) ?? {
      pattern: new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`,
      ),
      methods: new Set<string>(),
    }
    entry.methods.add(method)
    if (method === 'GET') entry.methods.add('HEAD')
    table.set(path, entry)
  }
  const entries = [...table.values()]
  return (path) => {
    const found = entries.find((entry) => entry.pattern.test(path))
    return found && [...found.methods]
  }
}

function methodNotAllowed(c: Context<AppEnv>, methods: string[]): Response {
  c.set('outcome', 'method_not_allowed')
  const response = errorResponse(c, new AuthError('method_not_allowed'))
  response.headers.set('allow', methods.join(', '))
  return response
}
