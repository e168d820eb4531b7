import { describe, expect, it } from 'vitest'
import {
  createPasswordHasher,
  DEFAULT_PASSWORD_ITERATIONS,
  MAX_PASSWORD_ITERATIONS,
} from '../../src/auth/password-hash.ts'
import { parseConfig } from '../../src/config.ts'

describe('PASSWORD_ITERATIONS', () => {
  const env = {
    DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
    JWT_SECRET: 'Vb3q9Zr1Kx7Lm2Np8Qs4Tu6Wy0Ac5Ed=',
    LOCKOUT_SECRET: 'lockout-Vb3q9Zr1Kx7Lm2Np8Qs4Tu6Wy0Ac5Ed=',
    MFA_ENCRYPTION_KEY: 'k1:ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM',
    AUTH_RATE_LIMITER: { limit: async () => ({ success: true }) },
    REFRESH_RATE_LIMITER: { limit: async () => ({ success: true }) },
  }
  const iterations = (value?: string) => {
    const parsed = parseConfig(value === undefined ? env : { ...env, PASSWORD_ITERATIONS: value })
    return parsed.ok ? parsed.config.password.iterations : parsed.variables
  }

  it('defaults to OWASP’s 600,000 and takes up to 1,000,000', () => {
    expect(DEFAULT_PASSWORD_ITERATIONS).toBe(600_000)
    expect(iterations()).toBe(600_000)
    expect(iterations('')).toBe(600_000)
    expect(iterations('250000')).toBe(250_000)
    expect(iterations(String(MAX_PASSWORD_ITERATIONS))).toBe(1_000_000)
    expect(iterations('1000001')).toEqual(['PASSWORD_ITERATIONS'])
    expect(iterations('9999')).toEqual(['PASSWORD_ITERATIONS'])
  })

  it('builds a hasher for every value it accepts, and none beyond', () => {
    expect(() => createPasswordHasher({ iterations: MAX_PASSWORD_ITERATIONS })).not.toThrow()
    expect(() => createPasswordHasher({ iterations: MAX_PASSWORD_ITERATIONS + 1 })).toThrow(
      RangeError,
    )
  })
})
