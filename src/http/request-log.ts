/**
 * One structured log line per request: method, route, status, duration, request id, outcome.
 * It records codes and ids only; bodies, headers, tokens and passwords are never read here.
 */
import type { MiddlewareHandler } from 'hono'
import type { Clock } from '../auth/clock.ts'
import type { Logger } from '../log.ts'
import type { AppEnv } from './app-env.ts'

export function requestLog(log: Logger, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = clock.now()
    await next()
    const status = c.res.status
    const fields = {
      method: c.req.method,
      route: c.req.routePath,
      status,
      ms: clock.now() - started,
      requestId: c.var.requestId,
      outcome: c.var.outcome,
      ...(c.var.errorInfo ? { error: c.var.errorInfo } : {}),
    }
    if (status >= 500) log.error(fields)
    else log.info(fields)
  }
}
