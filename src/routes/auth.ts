/** /auth/*: thin handlers (validate, call the domain, shape the response). */
import { Hono } from 'hono'
import type { AuthDeps } from '../auth/service.ts'
import { currentUser, login, register } from '../auth/service.ts'
import { AuthError } from '../errors.ts'
import type { AppEnv } from '../http/app-env.ts'
import { jsonBody, limitBody, requireJson } from '../http/json-body.ts'
import { LoginBody, RegisterBody } from '../http/schemas.ts'

/** Token responses must not be stored by any cache (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

type RouteDeps = Omit<AuthDeps, 'store'>

export function createAuthRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .post('/register', limitBody, requireJson, jsonBody(RegisterBody), async (c) => {
      const result = await register({ ...deps, store: c.var.store }, c.req.valid('json'))
      c.set('outcome', 'registered')
      return c.json(result, 201, NO_STORE)
    })
    .post('/login', limitBody, requireJson, jsonBody(LoginBody), async (c) => {
      const result = await login({ ...deps, store: c.var.store }, c.req.valid('json'))
      c.set('outcome', 'login_succeeded')
      return c.json(result, 200, NO_STORE)
    })
    .get('/me', async (c) => {
      const user = await currentUser(
        { ...deps, store: c.var.store },
        bearerToken(c.req.header('authorization')),
      )
      return c.json({ user }, 200, { 'cache-control': 'no-store' })
    })
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`; the scheme is case-insensitive. */
function bearerToken(header: string | undefined): string {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header ?? '')
  if (!match?.[1])
    throw new AuthError('invalid_token', { message: 'Missing or malformed bearer token' })
  return match[1]
}
