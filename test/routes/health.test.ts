import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.ts'

describe('GET /health', () => {
  it('is 200 when the database answers', async () => {
    const app = await buildTestApp()
    const res = await app.request('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' })
  })

  it('is 503 unavailable with Retry-After when the database cannot be reached', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const app = await buildTestApp({
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/test' },
    })
    const res = await app.request('/health')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toEqual({ error: 'Database unreachable', code: 'unavailable' })
  })

  it('login is 503 (not 500) when the database cannot be reached', async () => {
    const app = await buildTestApp({
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/test' },
    })
    const res = await app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: 'whatever-password' }),
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'unavailable' })
  })
})
