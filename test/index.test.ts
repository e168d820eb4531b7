import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { PASSWORD, uniqueEmail } from './helpers/app.ts'

const worker = exports.default as unknown as {
  fetch: (input: string, init?: RequestInit) => Promise<Response>
}
const post = (path: string, body: unknown) =>
  worker.fetch(`http://edge-auth.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('the Worker entry (wrangler.toml vars + bindings, built once per isolate)', () => {
  it('serves the whole flow with security headers', async () => {
    const email = uniqueEmail('entry')
    const reg = await post('/auth/register', { email, password: PASSWORD })
    expect(reg.status).toBe(201)
    expect(reg.headers.get('x-content-type-options')).toBe('nosniff')
    const login = await post('/auth/login', { email, password: PASSWORD })
    const { token } = (await login.json()) as { token: string }
    const me = await worker.fetch('http://edge-auth.test/auth/me', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)
  })
})
