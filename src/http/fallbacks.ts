/**
 * The answers no route gives: 404, 405 with `Allow` for a known path with another method, and
 * every thrown error through the one vocabulary (src/errors.ts).
 */
import type { Context, Hono } from 'hono'
import { AuthError } from '../errors.ts'
import type { AppEnv } from './app-env.ts'
import { describeError, errorResponse, toAuthError } from './error-response.ts'

/** Call after every route is registered. */
export function installFallbacks(app: Hono<AppEnv>): void {
  // hono's method-not-allowed middleware does this with a second router (bundle size); our
  // paths are all static, so a map of path → methods is enough.
  const methodsByPath = new Map<string, Set<string>>()
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue
    const methods = methodsByPath.get(path) ?? new Set<string>()
    methods.add(method)
    if (method === 'GET') methods.add('HEAD')
    methodsByPath.set(path, methods)
  }
  app.notFound((c) => {
    const allowed = methodsByPath.get(c.req.path)
    if (allowed) return methodNotAllowed(c, [...allowed])
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

function methodNotAllowed(c: Context<AppEnv>, methods: string[]): Response {
  c.set('outcome', 'method_not_allowed')
  const response = errorResponse(c, new AuthError('method_not_allowed'))
  response.headers.set('allow', methods.join(', '))
  return response
}
