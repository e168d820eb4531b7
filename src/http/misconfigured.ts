import { Hono } from 'hono/tiny'
import { AuthError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { errorResponse } from './error-response.ts'

/**
 * What the Worker serves when its env is invalid: every request gets a JSON 500
 * `misconfigured` and one log line naming the variables (never their values).
 */
export function createMisconfiguredApp(variables: string[], log: Logger) {
  const app = new Hono()
  app.all('*', (c) => {
    log.error({
      msg: 'invalid configuration',
      variables,
      method: c.req.method,
      path: c.req.path,
      status: 500,
    })
    return errorResponse(c, new AuthError('misconfigured'))
  })
  return app
}
