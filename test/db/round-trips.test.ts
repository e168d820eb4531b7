import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  refreshWith,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'

// Database round trips per request, counted at the driver's fetch (neon-http sends one HTTP
// request per query or batch). Latency at the edge is dominated by these, so they are part of
// the contract of each route.
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})
afterEach(() => vi.restoreAllMocks())

async function roundTrips(
  run: () => Response | Promise<Response>,
): Promise<{ status: number; trips: number }> {
  const fetchSpy = vi.spyOn(globalThis, 'fetch')
  const res = await run()
  const trips = fetchSpy.mock.calls.filter(([input]) =>
    String(input instanceof Request ? input.url : input).endsWith('/sql'),
  ).length
  fetchSpy.mockRestore()
  return { status: res.status, trips }
}

describe('database round trips per request (neon-http)', () => {
  it('register 1, login 2, me 1, refresh 1, logout 1', async () => {
    const email = uniqueEmail('trips')
    expect(
      await roundTrips(() => postJson(app, '/auth/register', { email, password: PASSWORD })),
    ).toEqual({ status: 201, trips: 1 })
    const login = await roundTrips(() =>
      postJson(app, '/auth/login', { email, password: PASSWORD }),
    )
    expect(login).toEqual({ status: 200, trips: 2 })
    const { body } = await registerUser(app)
    expect(await roundTrips(() => me(app, body.token))).toEqual({ status: 200, trips: 1 })
    expect(await roundTrips(() => refreshWith(app, body.refreshToken))).toEqual({
      status: 200,
      trips: 1,
    })
    expect(
      await roundTrips(() => postJson(app, '/auth/logout', { refreshToken: body.refreshToken })),
    ).toEqual({ status: 204, trips: 1 })
  })

  it('unknown email at login: 1 (no session written); garbage refresh token: 0', async () => {
    expect(
      await roundTrips(() =>
        postJson(app, '/auth/login', { email: uniqueEmail('none'), password: PASSWORD }),
      ),
    ).toEqual({ status: 401, trips: 1 })
    expect(await roundTrips(() => refreshWith(app, 'not-a-token'))).toEqual({
      status: 401,
      trips: 0,
    })
  })
})
