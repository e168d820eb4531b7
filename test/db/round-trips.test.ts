import { beforeAll, describe, expect, it } from 'vitest'
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
import { roundTrips } from '../helpers/db.ts'

// Database round trips per request of the session routes (roundTrips in test/helpers/db.ts says
// why they are part of each route's contract); the account routes are in round-trips-*.test.ts.
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

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
