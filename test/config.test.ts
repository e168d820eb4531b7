import { exports } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../src/config.ts'
import { createMisconfiguredApp } from '../src/http/misconfigured.ts'
import { captureLogger } from './helpers/app.ts'

const limiter = { limit: async () => ({ success: true }) }
/** Strong enough for the rule in src/config-schema.ts, as `openssl rand -base64 32` would be. */
const STRONG = 'Vb3q9Zr1Kx7Lm2Np8Qs4Tu6Wy0Ac5Ed='
const valid = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  JWT_SECRET: STRONG,
  LOCKOUT_SECRET: `lockout-${STRONG}`,
  MFA_ENCRYPTION_KEY: 'k1:ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM',
  AUTH_RATE_LIMITER: limiter,
  REFRESH_RATE_LIMITER: limiter,
}

describe('config', () => {
  it('applies the documented defaults', () => {
    const result = parseConfig(valid)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config).toMatchObject({
      dbDriver: 'http',
      neonLocalProxy: false,
      jwt: { issuer: 'edge-auth', audience: 'edge-auth', accessTtl: 900, privateKeys: undefined },
      refresh: { ttl: 30 * 86_400, idleTtl: 7 * 86_400, reuseInterval: 10 },
      password: { iterations: 600_000, pepper: undefined, minLength: 8 },
      lockout: { maxFailures: 5, baseDelay: 30, maxDelay: 900 },
      dbTimeoutMs: 5000,
      ipRateLimit: { limiter, period: 60 },
      corsOrigins: [],
      cookie: { enabled: false, sameSite: 'Strict' },
    })
  })

  it('names each bad variable and never its value', () => {
    const secret = 'short-secret-value'
    const result = parseConfig({
      JWT_SECRET: secret,
      PASSWORD_ITERATIONS: '2000000',
      ACCESS_TOKEN_TTL: 'soon',
    })
    expect(result).toEqual({
      ok: false,
      variables: expect.arrayContaining([
        'DATABASE_URL',
        'JWT_SECRET',
        'PASSWORD_ITERATIONS',
        'ACCESS_TOKEN_TTL',
      ]),
    })
    expect(JSON.stringify(result)).not.toContain(secret)
  })

  it('refuses a JWT secret under 32 bytes, a short pepper, and iterations over the cap', () => {
    expect(parseConfig({ ...valid, JWT_SECRET: STRONG.slice(0, 31) })).toEqual({
      ok: false,
      variables: ['JWT_SECRET'],
    })
    expect(parseConfig({ ...valid, PASSWORD_PEPPER: 'pepper' })).toEqual({
      ok: false,
      variables: ['PASSWORD_PEPPER'],
    })
    expect(parseConfig({ ...valid, PASSWORD_ITERATIONS: '1000001' })).toEqual({
      ok: false,
      variables: ['PASSWORD_ITERATIONS'],
    })
    expect(parseConfig({ ...valid, DB_DRIVER: 'tcp' })).toEqual({
      ok: false,
      variables: ['DB_DRIVER'],
    })
  })

  it('needs JWT_SECRET or JWT_PRIVATE_KEYS', () => {
    const { JWT_SECRET: _secret, ...withoutSecret } = valid
    expect(parseConfig(withoutSecret)).toEqual({
      ok: false,
      variables: ['JWT_SECRET'],
    })
    const { AUTH_RATE_LIMITER: _, ...withoutLimiter } = valid
    const { LOCKOUT_SECRET: __, ...withoutLockoutKey } = valid
    expect(parseConfig(withoutLockoutKey)).toEqual({ ok: false, variables: ['LOCKOUT_SECRET'] })
    expect(parseConfig(withoutLimiter)).toEqual({ ok: false, variables: ['AUTH_RATE_LIMITER'] })
  })

  it('takes exact CORS origins, and refuses * when cookies are on', () => {
    const origins = 'https://app.example.com, http://127.0.0.1:5173'
    const parsed = parseConfig({ ...valid, CORS_ORIGINS: origins })
    expect(parsed.ok && parsed.config.corsOrigins).toEqual([
      'https://app.example.com',
      'http://127.0.0.1:5173',
    ])
    for (const bad of ['https://app.example.com/path', 'app.example.com', 'ftp://x.example']) {
      expect(parseConfig({ ...valid, CORS_ORIGINS: bad })).toEqual({
        ok: false,
        variables: ['CORS_ORIGINS'],
      })
    }
    expect(parseConfig({ ...valid, CORS_ORIGINS: '*' }).ok).toBe(true)
    expect(parseConfig({ ...valid, CORS_ORIGINS: '*', AUTH_COOKIE: 'on' })).toEqual({
      ok: false,
      variables: ['CORS_ORIGINS'],
    })
  })

  it('refuses placeholder and low-entropy secrets, naming the variable only', () => {
    const weak = [
      'replace-with-at-least-32-random-bytes', // the placeholder of .dev.vars.example
      'x'.repeat(64), // one distinct character
      'passwordpasswordpasswordpassword', // 7 distinct characters
      'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcab', // 3 distinct
    ]
    for (const name of ['JWT_SECRET', 'PASSWORD_PEPPER', 'LOCKOUT_SECRET'])
      for (const value of weak) {
        const result = parseConfig({ ...valid, [name]: value })
        expect(result).toEqual({ ok: false, variables: [name] })
        expect(JSON.stringify(result)).not.toContain(value)
      }
    // What `openssl rand -hex 32` and `-base64 32` make passes.
    const hex = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('')
    expect(parseConfig({ ...valid, PASSWORD_PEPPER: hex }).ok).toBe(true)
  })

  it('refuses a plain-http browser origin off loopback with cookies, and the local proxy off loopback', () => {
    const cookie = { ...valid, AUTH_COOKIE: 'on' }
    expect(parseConfig({ ...cookie, CORS_ORIGINS: 'http://app.example.com' })).toEqual({
      ok: false,
      variables: ['CORS_ORIGINS'],
    })
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173', 'https://a.example'])
      expect(parseConfig({ ...cookie, CORS_ORIGINS: origin }).ok).toBe(true)
    expect(parseConfig({ ...valid, CORS_ORIGINS: 'http://app.example.com' }).ok).toBe(true)
    const remote = 'postgres://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db'
    expect(parseConfig({ ...valid, DATABASE_URL: remote, NEON_LOCAL_PROXY: 'true' })).toEqual({
      ok: false,
      variables: ['NEON_LOCAL_PROXY'],
    })
    expect(parseConfig({ ...valid, DATABASE_URL: remote }).ok).toBe(true)
    expect(parseConfig({ ...valid, NEON_LOCAL_PROXY: 'true' }).ok).toBe(true)
  })

  it('treats an empty value as unset', () => {
    expect(parseConfig({ ...valid, PASSWORD_PEPPER: '' }).ok).toBe(true)
  })

  it('a misconfigured Worker answers every request with a JSON 500 and logs the variable name only', async () => {
    const log = captureLogger()
    const app = createMisconfiguredApp(['JWT_SECRET'], log)
    for (const path of ['/health', '/auth/login']) {
      const res = await app.request(path, { method: 'POST' })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({
        error: 'The service is misconfigured',
        code: 'misconfigured',
      })
    }
    expect(log.entries).toHaveLength(2)
    expect(log.entries[0]).toMatchObject({ level: 'error', variables: ['JWT_SECRET'] })
  })

  it('the Worker entry serves the misconfigured answer when env is bad, without throwing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    // The entry's fetch receives env as an argument; give it a broken one.
    const { default: entry } = await import('../src/index.ts')
    const res = await entry.fetch(
      new Request('http://x/health'),
      { JWT_SECRET: 'too-short' } as never,
      {} as never,
    )
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ code: 'misconfigured' })
    const line = String(errors.mock.calls[0]?.[0])
    expect(JSON.parse(line)).toMatchObject({
      variables: expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET']),
    })
    expect(line).not.toContain('too-short')
    // That answer came from the broken env alone: the same Worker, with its real bindings,
    // serves (apps are kept per env object, so one bad env poisons nothing).
    const worker = exports.default as unknown as { fetch: (url: string) => Promise<Response> }
    expect((await worker.fetch('http://edge-auth.test/health')).status).toBe(200)
  })
})
