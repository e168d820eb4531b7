/**
 * The Hono side of an endpoint declaration (src/api/endpoint-spec.ts): the per-IP limit, the
 * CSRF check, body and query validation, in that order, as one middleware, with the validated
 * input typed for the handler and for hono/client.
 */
import type { MiddlewareHandler } from 'hono'
import type * as z from 'zod/mini'
import type { EndpointSpec } from '../api/endpoint-spec.ts'
import type { AppEnv } from './app-env.ts'
import { limitBody, requireJson, validate } from './validation.ts'

// biome-ignore lint/complexity/noBannedTypes: hono's Input for "nothing validated" is `{}`
type Nothing = {}
type BodyInput<S> = S extends { body: infer B extends z.ZodMiniType }
  ? { in: { json: z.input<B> }; out: { json: z.output<B> } }
  : Nothing
type QueryInput<S> = S extends { query: infer Q extends z.ZodMiniType }
  ? { in: { query: z.input<Q> }; out: { query: z.output<Q> } }
  : Nothing
/** What `c.req.valid(...)` returns in a handler of this endpoint (and what hono/client sends). */
export type EndpointInput<S> = BodyInput<S> & QueryInput<S>

/** The per-app parts an endpoint's middleware needs. */
export interface EndpointDeps {
  /** The per-IP limiter middleware for a scope. */
  throttle(scope: string): MiddlewareHandler<AppEnv>
  /** Refuses cross-site form posts that would carry the refresh cookie. */
  formCsrf: MiddlewareHandler<AppEnv>
}

/** Builds `endpoint(spec)`: the `[method, path, middleware]` to spread into `app.on`. */
export function createEndpointBinder(deps: EndpointDeps) {
  return <const S extends EndpointSpec>(spec: S) => {
    const steps: MiddlewareHandler[] = []
    if (spec.throttle) steps.push(deps.throttle(spec.throttle) as MiddlewareHandler)
    if (spec.security?.includes('refreshCookie')) steps.push(deps.formCsrf as MiddlewareHandler)
    if (spec.body) {
      steps.push(limitBody, requireJson(spec.bodyOptional ? { optional: true } : {}))
      steps.push(validate('json', spec.body))
    }
    if (spec.query) steps.push(validate('query', spec.query))
    const middleware = chain(steps) as MiddlewareHandler<AppEnv, S['path'], EndpointInput<S>>
    return [spec.method as S['method'], spec.path as S['path'], middleware] as const
  }
}

export type EndpointBinder = ReturnType<typeof createEndpointBinder>

/**
 * Runs middleware in order, each one's `next` the following one (hono/combine's `every` does the
 * same, but its module pulls a second router into the bundle for `except`).
 */
function chain(steps: MiddlewareHandler[]): MiddlewareHandler {
  return async (c, next) => {
    const run = async (i: number): Promise<void> => {
      const step = steps[i]
      if (!step) return next()
      const answer = await step(c, () => run(i + 1))
      if (answer instanceof Response) c.res = answer
    }
    await run(0)
  }
}
