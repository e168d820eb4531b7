/** The bench's request sources, measurement window, ratios and stand-in rate limiter. */
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { computeRatios } from '../../scripts/bench/ratios.ts'
import { activeMs } from '../../scripts/bench/startup.ts'
import { waitForIdle } from '../../scripts/lib/load/cpu.ts'
import { formatTable } from '../../scripts/lib/load/points-table.ts'
import { createRequestSource } from '../../scripts/lib/load/scenarios.ts'
import { percentile, Window } from '../../scripts/lib/load/window.ts'
import createRateLimiter from '../../scripts/lib/workerd/workers/ratelimit.ts'
import { benchPoint } from './fixtures/bench-point.ts'

const body = (spec?: { body?: string }) => JSON.parse(spec?.body ?? 'null')

describe('request sources', () => {
  it('logs users in round-robin and registers unique emails', () => {
    const users = [
      { email: 'a@example.com', password: 'pw-a-123456' },
      { email: 'b@example.com', password: 'pw-b-123456' },
    ]
    const login = createRequestSource({ kind: 'login', path: '/auth/login', users })
    expect([1, 2, 3].map(() => body(login.next()).email)).toEqual([
      'a@example.com',
      'b@example.com',
      'a@example.com',
    ])
    const register = createRequestSource({
      kind: 'register',
      path: '/auth/register',
      emailPrefix: 'p',
    })
    expect(body(register.next()).email).not.toBe(body(register.next()).email)
  })

  it('sends a bearer token on /auth/me', () => {
    const me = createRequestSource({ kind: 'bearer', path: '/auth/me', tokens: ['t1'] })
    expect(me.next()).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer t1' } })
  })

  it('uses each refresh token once and chains the returned ones', () => {
    const refresh = createRequestSource({
      kind: 'refresh',
      path: '/auth/refresh',
      tokens: ['r1', 'r2'],
    })
    expect(body(refresh.next()).refreshToken).toBe('r1')
    refresh.onResponse(200, JSON.stringify({ refreshToken: 'r3' }))
    refresh.onResponse(401, '{}')
    expect(body(refresh.next()).refreshToken).toBe('r2')
    expect(body(refresh.next()).refreshToken).toBe('r3')
    expect(body(refresh.next()).refreshToken).toBe('pool-exhausted')
  })
})

describe('the measurement window', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile([], 50)]).toEqual([
      50, 99, 0,
    ])
  })

  it('counts statuses, successes and failures, and stops at its bound', () => {
    const window = new Window(3, [])
    window.start()
    window.record(200, 5)
    window.record(429, 1)
    window.fail()
    window.record(201, 9)
    window.record(200, 100)
    window.end()
    const result = window.result()
    expect(result).toMatchObject({ requests: 3, ok: 2, failures: 1, stoppedBy: 'max-requests' })
    expect(result.statuses).toEqual({ 200: 1, 201: 1, 429: 1 })
    expect(result.latencyMs).toMatchObject({ p50: 5, max: 9 })
  })
})

const point = benchPoint

describe('ratios', () => {
  it('marks targets met or not, and n/a when a side is missing', () => {
    const points = [
      point('login', 45, { cpuMsPerRequest: { workerd: 20 } }),
      point('pbkdf2', 50),
      point('me', 100),
      point('hello', 1000),
      point('peer:seed-article', 10, { group: 'peer', cpuMsPerRequest: { peer: 70 } }),
    ]
    const bundle = { path: 'x', bytes: 300 * 1024, gzipBytes: 90 * 1024 }
    const fixedRate = point('login@rate', 25, {
      mode: 'paced',
      latencyMs: { p50: 20, p90: 25, p99: 25, max: 40, mean: 21 },
    })
    const byName = Object.fromEntries(
      computeRatios({ points, bundle, fixedRate }).map((r) => [r.name, r]),
    )
    expect(byName['login ÷ PBKDF2-only ceiling']).toMatchObject({ value: 0.9, met: true })
    expect(byName['GET /auth/me ÷ hello world']).toMatchObject({ value: 0.1, met: false })
    expect(byName['refresh ÷ one-query worker']).toMatchObject({ value: null, met: null })
    expect(byName['logins per CPU-second: ours ÷ seed-article']).toMatchObject({
      value: 3.5,
      met: false,
    })
    expect(byName['login p99 at ½ ceiling rate ÷ unloaded p50']).toMatchObject({
      value: 2.5,
      met: true,
    })
    expect(byName['Worker bundle gzip']).toMatchObject({ value: 90, met: true })
  })
})

describe('helpers', () => {
  it('sums the non-idle samples of a CPU profile', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)' } },
        { id: 2, callFrame: { functionName: 'f' } },
      ],
      samples: [1, 2, 2],
      timeDeltas: [5000, 1000, 1500],
    }
    expect(activeMs(profile)).toBe(2.5)
  })

  it('aligns table columns', () => {
    expect(formatTable(['a', 'bb'], [['xyz', '1']]).split('\n')).toEqual([
      'a    bb',
      '---  --',
      'xyz   1',
    ])
  })

  it('limits per key and period in the stand-in rate limiter', async () => {
    const limiter = createRateLimiter({ limit: 2, period: 60 })
    const results = [
      await limiter.limit({ key: 'a' }),
      await limiter.limit({ key: 'a' }),
      await limiter.limit({ key: 'a' }),
      await limiter.limit({ key: 'b' }),
    ]
    expect(results.map((r) => r.success)).toEqual([true, true, false, true])
  })
})

describe('waiting for the server to go idle', () => {
  const child = (code: string) => spawn(process.execPath, ['-e', code], { stdio: 'ignore' })

  it('returns at once for an idle process, and waits (bounded) for a busy one', async () => {
    const idle = child('setTimeout(() => {}, 5000)')
    const busy = child('const end = Date.now() + 5000; while (Date.now() < end) {}')
    try {
      expect(await waitForIdle(idle.pid as number, { intervalMs: 100 })).toBeLessThan(1000)
      const waited = await waitForIdle(busy.pid as number, { intervalMs: 100, maxMs: 700 })
      expect(waited).toBeGreaterThanOrEqual(700)
    } finally {
      idle.kill()
      busy.kill()
    }
  })
})
