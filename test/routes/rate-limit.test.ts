import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientBucket } from '../../src/http/ip-rate-limit.ts'
import {
  buildTestApp,
  captureLogger,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'
import { countQueries } from '../helpers/db.ts'

// STRICT_RATE_LIMITER is a real (simulated) Workers Rate Limiting binding with limit 3 per 60 s.
const STRICT = (env as unknown as Record<string, unknown>).STRICT_RATE_LIMITER
let app: TestApp
beforeAll(async () => {
  app = await buildTestApp({
    env: { AUTH_RATE_LIMITER: STRICT, REFRESH_RATE_LIMITER: STRICT },
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

/**
 * A fresh IPv6 /64 per call (the limiter's unit), random rather than counted: the limiter's
 * buckets outlive this file's run (another file, a rerun by the mutant runner) and must never
 * be found half spent.
 */
const freshPrefix = () => {
  const [a, b] = crypto.getRandomValues(new Uint16Array(2))
  return `2001:db8:${(a ?? 0).toString(16)}:${(b ?? 0).toString(16)}`
}
const freshIp = () => `${freshPrefix()}::1`
const login = (headers: Record<string, string>) =>
  postJson(app, '/auth/login', { email: uniqueEmail('ip'), password: PASSWORD }, headers)
const MALFORMED = '{"email":'
const raw = (target: TestApp, path: string, body: string, headers: Record<string, string>) =>
  target.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

async function expectLimited(res: Response, retryAfter = '60') {
  expect(res.status).toBe(429)
  expect(res.headers.get('retry-after')).toBe(retryAfter)
  expect(await res.json()).toEqual({
    error: 'Too many attempts; try again later',
    code: 'rate_limited',
  })
}

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
    const prefix = freshPrefix()
    for (let i = 1; i <= 3; i++)
      expect((await login({ 'cf-connecting-ip': `${prefix}::${i}` })).status).toBe(401)
    expect((await login({ 'cf-connecting-ip': `${prefix}:ffff:1:2:3` })).status).toBe(429)
    expect((await login({ 'cf-connecting-ip': `${freshPrefix()}::1` })).status).toBe(401)
  })

  it('requests without a client IP share one bucket instead of escaping the limit', async () => {
    // That one bucket is shared by every test that sends no IP, so it may be spent already:
    // the claim is that after three more requests it is, for an unusable address too.
    for (let i = 0; i < 3; i++) expect([401, 429]).toContain((await login({})).status)
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
    const { result: res, queries } = await countQueries(async () =>
      postJson(
        app,
        '/auth/register',
        { email: uniqueEmail(), password: PASSWORD },
        { 'cf-connecting-ip': ip },
      ),
    )
    expect(res.status).toBe(429)
    expect(derive).not.toHaveBeenCalled()
    expect(queries).toBe(0)
    expect(
      (await postJson(app, '/auth/refresh', { refreshToken: 'x' }, { 'cf-connecting-ip': ip }))
        .status,
    ).toBe(401)
  })
})

describe("wrangler.toml's own limit, as the Workers runtime simulates it", () => {
  it('20 password changes per 60 s per IP, then 429 with Retry-After: 60', async () => {
    // vitest.config.ts binds wrangler.toml's [[ratelimits]] AUTH_RATE_LIMITER as DEPLOYED_...
    const binding = (env as unknown as Record<string, unknown>).DEPLOYED_RATE_LIMITER
    expect(binding).toBeDefined()
    const deployed = await buildTestApp({ env: { AUTH_RATE_LIMITER: binding } })
    const ip = { 'cf-connecting-ip': freshIp() }
    const change = () =>
      postJson(deployed, '/auth/password', { currentPassword: 'x', newPassword: 'y y y y y y' }, ip)
    const statuses = []
    // No bearer token: each of the 20 reaches the route and is refused there.
    for (let i = 0; i < 20; i++) statuses.push((await change()).status)
    expect(statuses).toEqual(Array(20).fill(401))
    await expectLimited(await change())
  })
})

describe('refresh has its own budget (REFRESH_RATE_LIMITER)', () => {
  it('is limited by REFRESH_RATE_LIMITER alone, not by the login budget', async () => {
    const loginOnly = await buildTestApp({ env: { AUTH_RATE_LIMITER: STRICT } })
    const ip = { 'cf-connecting-ip': freshIp() }
    for (let i = 0; i < 3; i++) await postJson(loginOnly, '/auth/login', {}, ip)
    expect((await postJson(loginOnly, '/auth/login', {}, ip)).status).toBe(429)
    const refresh = (target: TestApp) =>
      postJson(target, '/auth/refresh', { refreshToken: 'x' }, ip)
    for (let i = 0; i < 5; i++) expect((await refresh(loginOnly)).status).toBe(401)
    const refreshOnly = await buildTestApp({ env: { REFRESH_RATE_LIMITER: STRICT } })
    const answers = []
    for (let i = 0; i < 4; i++) answers.push((await refresh(refreshOnly)).status)
    expect(answers).toEqual([401, 401, 401, 429])
  })
})

describe('per-IP rate limit on refresh and password change', () => {
  it('refuses the 4th refresh from one IP, whatever the token; other IPs go on', async () => {
    const ip = freshIp()
    const { body } = await registerUser(app)
    const refresh = (refreshToken: string, client = ip) =>
      postJson(app, '/auth/refresh', { refreshToken }, { 'cf-connecting-ip': client })
    for (let i = 0; i < 3; i++) expect((await refresh('not a token')).status).toBe(401)
    await expectLimited(await refresh(body.refreshToken))
    expect((await refresh(body.refreshToken, freshIp())).status).toBe(200)
  })

  it('refuses the 4th password change from one IP, before checking any password', async () => {
    const ip = freshIp()
    const { body } = await registerUser(app)
    const change = (client = ip) =>
      postJson(
        app,
        '/auth/password',
        { currentPassword: 'not the password', newPassword: 'a new battery staple' },
        { 'cf-connecting-ip': client, authorization: `Bearer ${body.token}` },
      )
    for (let i = 0; i < 3; i++) expect((await change()).status).toBe(401)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    await expectLimited(await change())
    expect(derive).not.toHaveBeenCalled()
    expect((await change(freshIp())).status).toBe(401)
  })

  it.each(['/auth/login', '/auth/register', '/auth/refresh', '/auth/password'])(
    '%s: a limited IP gets 429 before its body is parsed (not 400 or 415)',
    async (path) => {
      const ip = { 'cf-connecting-ip': freshIp() }
      for (let i = 0; i < 3; i++) expect((await raw(app, path, MALFORMED, ip)).status).toBe(400)
      await expectLimited(await raw(app, path, MALFORMED, ip))
      await expectLimited(await raw(app, path, 'x', { ...ip, 'content-type': 'text/plain' }))
    },
  )
})

describe('per-IP rate limit on the mailed-link routes', () => {
  const MAILED_LINK_ROUTES = [
    '/auth/password/forgot',
    '/auth/password/reset',
    '/auth/email/verify/send',
    '/auth/email/verify',
    '/auth/email/change',
  ]

  it.each(MAILED_LINK_ROUTES)(
    '%s: the 4th request from one IP gets 429 before its body is parsed; other IPs go on',
    async (path) => {
      const ip = { 'cf-connecting-ip': freshIp() }
      for (let i = 0; i < 3; i++) expect((await raw(app, path, MALFORMED, ip)).status).toBe(400)
      await expectLimited(await raw(app, path, MALFORMED, ip))
      const other = { 'cf-connecting-ip': freshIp() }
      expect((await raw(app, path, MALFORMED, other)).status).toBe(400)
    },
  )

  it('forgot password and the verification resend share one mail budget per IP', async () => {
    // Both mail an address on an anonymous request: alternating must not double the budget.
    const ip = { 'cf-connecting-ip': freshIp() }
    const send = (path: string) => postJson(app, path, { email: uniqueEmail('mail') }, ip)
    for (let i = 0; i < 3; i++) expect((await send('/auth/password/forgot')).status).toBe(202)
    await expectLimited(await send('/auth/email/verify/send'))
  })
})

describe('the limiter binding itself', () => {
  it('when it throws, the request goes on (the lockout still applies) and a warning is logged', async () => {
    const log = captureLogger()
    const broken = {
      limit: async () => {
        throw new TypeError('rate limiter unavailable')
      },
    }
    const open = await buildTestApp({ env: { AUTH_RATE_LIMITER: broken }, log })
    const { email } = await registerUser(open)
    for (let i = 0; i < 4; i++) {
      const res = await postJson(open, '/auth/login', { email, password: 'not the password' })
      expect(res.status).toBe(401)
    }
    expect((await postJson(open, '/auth/login', { email, password: PASSWORD })).status).toBe(200)
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'rate limiter unavailable',
        error: 'TypeError',
      }),
    )
  })

  it('IP_RATE_LIMIT_PERIOD is what Retry-After says', async () => {
    const tenSeconds = await buildTestApp({
      env: { AUTH_RATE_LIMITER: STRICT, IP_RATE_LIMIT_PERIOD: '10' },
    })
    const ip = { 'cf-connecting-ip': freshIp() }
    for (let i = 0; i < 3; i++) await raw(tenSeconds, '/auth/login', MALFORMED, ip)
    await expectLimited(await raw(tenSeconds, '/auth/login', MALFORMED, ip), '10')
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
