import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, registerUser } from '../helpers/app.ts'

describe('access token lifetime (frozen time)', () => {
  afterEach(() => vi.useRealTimers())

  it('works until ACCESS_TOKEN_TTL (+5 s tolerance) and is refused after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'))
    const app = await buildTestApp({ env: { ACCESS_TOKEN_TTL: '60' } })
    const { body } = await registerUser(app)
    expect(body.expiresIn).toBe(60)
    const me = () => app.request('/auth/me', { headers: { authorization: `Bearer ${body.token}` } })

    vi.setSystemTime(new Date('2026-11-27T12:01:04Z'))
    expect((await me()).status).toBe(200)
    vi.setSystemTime(new Date('2026-11-27T12:01:06Z'))
    const res = await me()
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'invalid_token' })
  })
})
