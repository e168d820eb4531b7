import { describe, expect, it } from 'vitest'
import { buildTestApp, postJson, registerUser } from '../helpers/app.ts'

// hono's secure-headers, tuned for a JSON API (OWASP REST Security Cheat Sheet: security headers).
const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
}

describe('response headers', () => {
  it('every answer, success or error, carries the security headers', async () => {
    const app = await buildTestApp()
    const responses = [
      await app.request('/health'),
      await app.request('/nope'),
      await app.request('/auth/me'),
      await app.request('/auth/login'),
      await postJson(app, '/auth/login', { email: 'x' }),
      await app.request('/.well-known/jwks.json'),
    ]
    for (const res of responses) {
      for (const [name, value] of Object.entries(API_HEADERS))
        expect(res.headers.get(name), `${res.status} ${name}`).toBe(value)
    }
  })

  it('answers that carry tokens are never stored: Cache-Control no-store', async () => {
    const app = await buildTestApp()
    const { email, password, body } = await registerUser(app)
    const answers = [
      await postJson(app, '/auth/login', { email, password }),
      await postJson(app, '/auth/refresh', { refreshToken: body.refreshToken }),
      await app.request('/auth/me', { headers: { authorization: `Bearer ${body.token}` } }),
    ]
    for (const res of answers) {
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })
})
