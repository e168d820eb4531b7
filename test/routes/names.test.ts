/** Names at registration (README, "Errors"): 1..100 characters, trimmed, no control characters. */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  me,
  PASSWORD,
  postJson,
  type SessionBody,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'

let app: TestApp
beforeAll(async () => {
  app = await buildTestApp()
})

const register = (name: unknown) =>
  postJson(app, '/auth/register', { email: uniqueEmail('name'), password: PASSWORD, name })

describe('the name at registration', () => {
  it.each([
    ['one character', 'A', 'A'],
    ['100 characters', 'n'.repeat(100), 'n'.repeat(100)],
    ['surrounding spaces, trimmed', '  Ada Lovelace  ', 'Ada Lovelace'],
  ])('%s: stored and shown', async (_case, name, stored) => {
    const res = await register(name)
    expect(res.status).toBe(201)
    const body = (await res.json()) as SessionBody
    const profile = (await (await me(app, body.token)).json()) as { user: { name: string } }
    expect(profile.user.name).toBe(stored)
    expect((await usersWithEmail(body.user.email))[0]?.name).toBe(stored)
  })

  it.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['101 characters', 'n'.repeat(101)],
    ['a control character', 'Ada\u0007Lovelace'],
    ['a line break', 'Ada\nLovelace'],
    ['not a string', 42],
  ])('%s: 400 validation_failed on the name, nothing stored', async (_case, name) => {
    const email = uniqueEmail('badname')
    const res = await postJson(app, '/auth/register', { email, password: PASSWORD, name })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      code: 'validation_failed',
      details: { fieldErrors: { name: [expect.any(String)] } },
    })
    expect(await usersWithEmail(email)).toHaveLength(0)
  })
})
