/**
 * Unknown email and wrong password cost the same work (README, "Security notes": a dummy PBKDF2
 * run; ASVS 5.0 V6.3.8), counted at Web Crypto: every PBKDF2 derivation a login makes, with its
 * iterations. test/routes/password-chain.test.ts does the same at the 600,000 default.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildTestApp, postJson, registerUser, type TestApp, uniqueEmail } from '../helpers/app.ts'

afterEach(() => vi.restoreAllMocks())

type Pbkdf2 = { name: string; hash: string; iterations: number }

/** The iterations of each PBKDF2 derivation (SHA-256) one login makes, and its status. */
async function pbkdf2OfLogin(app: TestApp, email: string) {
  const derive = vi.spyOn(crypto.subtle, 'deriveBits')
  try {
    const res = await postJson(app, '/auth/login', { email, password: 'not the password' })
    const calls = derive.mock.calls.map(([params]) => params as Pbkdf2)
    expect(calls.every((p) => p.name === 'PBKDF2' && p.hash === 'SHA-256')).toBe(true)
    return { status: res.status, iterations: calls.map((p) => p.iterations) }
  } finally {
    derive.mockRestore()
  }
}

describe('login work for an unknown email', () => {
  it.each([
    ['100000', [100_000]],
    ['30000', [30_000]],
    ['150000', [100_000, 50_000]],
  ])(
    'PASSWORD_ITERATIONS=%s: the same PBKDF2 derivations as a wrong password (%j)',
    async (iterations, expected) => {
      const app = await buildTestApp({ env: { PASSWORD_ITERATIONS: iterations } })
      const { email } = await registerUser(app)
      const unknown = await pbkdf2OfLogin(app, uniqueEmail('nobody'))
      expect(unknown).toEqual({ status: 401, iterations: expected })
      expect(await pbkdf2OfLogin(app, email)).toEqual(unknown)
    },
  )
})
