import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientBucket } from '../../src/http/ip-rate-limit.ts'
import { buildTestApp, PASSWORD, postJson, type TestApp, uniqueEmail } from '../helpers/app.ts'

// STRICT_RATE_LIMITER is a real (simulated) Workers Rate Limiting binding with limit 3 per 60 s.
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp({
    env: { AUTH_RATE_LIMITER: (env as unknown as Record<string, unknown>).STRICT_RATE_LIMITER },
  })
})
afterEach(() => vi.restoreAllMocks())

/**
 * The simulated limiter counts in fixed 60 s windows aligned to the wall clock (like the real
 * one), so a test that straddles a minute boundary would see its count restart. Each test takes
 * well under a second: start it only with at least 5 s left in the window.
 */
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50))
})

let octet = 0
/** A fresh client address per test, so the tests' buckets never overlap. */
const freshIp = () => `198.51.100.${++octet}`
const login = (headers: Record<string, string>) =>
  postJson(app, '/auth/login', { email: uniqueEmail('ip'), password: PASSWORD }, headers)

describe('per-IP rate limit on login, register, refresh and password change', () => {
  it('refuses the 4th request from one IP with 429 rate_limited and Retry-After; other IPs go on', async () => {
    const ip = freshIp()
    for (let i = 0; i < 3; i++) expect((await login({ 'cf-connecting-ip': ip })).status).toBe(401)
    const limited = await login({ 'cf-connecting-ip': ip })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(await limited.json()).toEqual({
      error: 'Too many attempts; try again later',
      code: 'rate_limited',
    })
    expect((await login({ 'cf-connecting-ip': freshIp() })).status).toBe(401)
  })

  it('is keyed on CF-Connecting-IP, never on X-Forwarded-For', async () => {
    const ip = freshIp()
    for (let i = 0; i < 3; i++)
      await login({ 'cf-connecting-ip': ip, 'x-forwarded-for': `203.0.113.${i}` })
    expect(
      (await login({ 'cf-connecting-ip': ip, 'x-forwarded-for': '203.0.113.99' })).status,
    ).toBe(429)
  })

  it('groups IPv6 clients by /64', async () => {
    for (let i = 1; i <= 3; i++) await login({ 'cf-connecting-ip': `2001:db8:aa:1::${i}` })
    expect((await login({ 'cf-connecting-ip': '2001:db8:aa:1:ffff:1:2:3' })).status).toBe(429)
    expect((await login({ 'cf-connecting-ip': '2001:db8:aa:2::1' })).status).toBe(401)
  })

  it('requests without a client IP share one bucket instead of escaping the limit', async () => {
    for (let i = 0; i < 3; i++) await login({})
    expect((await login({})).status).toBe(429)
    expect((await login({ 'cf-connecting-ip': 'not an address' })).status).toBe(429)
  })

  it('each route has its own bucket, and a limited request does no hashing and no query', async () => {
    const ip = freshIp()
    for (let i = 0; i < 3; i++)
      await postJson(
        app,
        '/auth/register',
        { email: uniqueEmail(), password: PASSWORD },
        { 'cf-connecting-ip': ip },
      )
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const res = await postJson(
      app,
      '/auth/register',
      { email: uniqueEmail(), password: PASSWORD },
      { 'cf-connecting-ip': ip },
    )
    expect(res.status).toBe(429)
    expect(derive).not.toHaveBeenCalled()
    expect(
      (await postJson(app, '/auth/refresh', { refreshToken: 'x' }, { 'cf-connecting-ip': ip }))
        .status,
    ).toBe(401)
  })
})

describe('refresh has its own budget (REFRESH_RATE_LIMITER)', () => {
  it('is not spent by logins from the same address, and limits refreshes on its own', async () => {
    const ip = freshIp()
    for (let i = 0; i < 4; i++) await login({ 'cf-connecting-ip': ip })
    expect((await login({ 'cf-connecting-ip': ip })).status).toBe(429)
    const refresh = (target: TestApp) =>
      postJson(target, '/auth/refresh', { refreshToken: 'x' }, { 'cf-connecting-ip': ip })
    for (let i = 0; i < 5; i++) expect((await refresh(app)).status).toBe(401)
    const strict = (env as unknown as Record<string, unknown>).STRICT_RATE_LIMITER
    const limited = await buildTestApp({ env: { REFRESH_RATE_LIMITER: strict } })
    const other = freshIp()
    const answers = []
    for (let i = 0; i < 4; i++)
      answers.push(
        (
          await postJson(
            limited,
            '/auth/refresh',
            { refreshToken: 'x' },
            { 'cf-connecting-ip': other },
          )
        ).status,
      )
    expect(answers).toEqual([401, 401, 401, 429])
  })
})

describe('clientBucket', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:DB8:0:0:1::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['<script>', 'unknown'],
  ])('%s → %s', (ip, bucket) => {
    expect(clientBucket(ip)).toBe(bucket)
  })
})
