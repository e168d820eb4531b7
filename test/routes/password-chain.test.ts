/**
 * Logins at the shipped default (600,000 iterations, six chained PBKDF2 calls): the rest of the
 * suite runs at vitest.config.ts's 100,000 to stay fast, so these tests clear that binding.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPasswordHasher } from '../../src/auth/password-hash.ts'
import {
  buildTestApp,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { query, usersWithEmail } from '../helpers/db.ts'

const CHAINED_DEFAULT = /^\$pbkdf2-sha256-chained\$i=600000,s=100000\$/
let app: TestApp
beforeAll(async () => {
  // An empty value means "not set" (src/config.ts): the app gets the config default.
  app = await buildTestApp({ env: { PASSWORD_ITERATIONS: '' } })
})
afterEach(() => vi.restoreAllMocks())

/** Logs in and returns the iterations of every PBKDF2 call the login made. */
async function pbkdf2CallsOfLogin(email: string, password: string) {
  const derive = vi.spyOn(crypto.subtle, 'deriveBits')
  try {
    const res = await postJson(app, '/auth/login', { email, password })
    const calls = derive.mock.calls
      .map(([params]) => params as { name: string; iterations: number })
      .filter((params) => params.name === 'PBKDF2')
      .map((params) => params.iterations)
    return { status: res.status, calls }
  } finally {
    derive.mockRestore()
  }
}

describe('the 600,000-iteration default', () => {
  it('registers with a chained hash and logs in with it', async () => {
    const { email } = await registerUser(app)
    expect((await usersWithEmail(email))[0]?.password_hash).toMatch(CHAINED_DEFAULT)
    const good = await pbkdf2CallsOfLogin(email, PASSWORD)
    expect(good).toEqual({ status: 200, calls: Array(6).fill(100_000) })
  })

  it('costs an unknown email exactly the PBKDF2 calls of a wrong password', async () => {
    const { email } = await registerUser(app)
    const wrong = await pbkdf2CallsOfLogin(email, 'not the password')
    const unknown = await pbkdf2CallsOfLogin(uniqueEmail('nobody'), 'not the password')
    expect(wrong).toEqual({ status: 401, calls: Array(6).fill(100_000) })
    expect(unknown).toEqual(wrong)
  })

  it('upgrades an old single-run hash at the next good login, and not at a bad one', async () => {
    const email = uniqueEmail('chain-upgrade')
    const old = await createPasswordHasher({ iterations: 100_000 }).hash(PASSWORD)
    await query('insert into users (email, password_hash) values ($1, $2)', [email, old])
    expect(
      (await postJson(app, '/auth/login', { email, password: 'wrong password!' })).status,
    ).toBe(401)
    expect((await usersWithEmail(email))[0]?.password_hash).toBe(old)
    expect((await pbkdf2CallsOfLogin(email, PASSWORD)).status).toBe(200)
    const upgraded = (await usersWithEmail(email))[0]?.password_hash
    expect(upgraded).toMatch(CHAINED_DEFAULT)
    expect(await pbkdf2CallsOfLogin(email, PASSWORD)).toEqual({
      status: 200,
      calls: Array(6).fill(100_000),
    })
  })
})
