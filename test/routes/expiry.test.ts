import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, registerUser } from '../helpers/app.ts'
import { freezeTime } from '../helpers/clock.ts'

describe('access token lifetime (frozen time)', () => {
  afterEach(() => vi.useRealTimers())

  it('works until ACCESS_TOKEN_TTL (+5 s tolerance) and is refused after', async () => {
    const clock = freezeTime()
    const app = await buildTestApp({ env: { ACCESS_TOKEN_TTL: '60' } })
    const { body } = await registerUser(app)
    expect(body.expiresIn).toBe(60)
    const me = () => app.request('/auth/me', { headers: { authorization: `Bearer ${body.token}` } })

    clock.at(64)
    expect((await me()).status).toBe(200)
    clock.at(66)
    const res = await me()
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'invalid_token' })
  })
})
