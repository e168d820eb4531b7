import { env } from 'cloudflare:workers'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  buildTestApp,
  captureLogger,
  PASSWORD,
  postJson,
  registerUser,
  type TestApp,
  uniqueEmail,
} from '../helpers/app.ts'

// A second Neon proxy in front of the same database, with fault injection (test/global-setup.ts):
// faults set here never disturb the other test files.
const { FAULT_PROXY_URL, FAULT_DATABASE_URL } = env as unknown as Record<string, string>

type Fault =
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'pg-error'; code: string; message: string }

async function setFault(fault: Fault | null) {
  // The proxy answers only callers that know its secret, the password in FAULT_DATABASE_URL.
  const res = await fetch(`${FAULT_PROXY_URL}/__control/fault`, {
    method: 'POST',
    body: JSON.stringify(fault),
    headers: { 'Neon-Connection-String': String(FAULT_DATABASE_URL) },
  })
  expect(res.status).toBe(200)
}

const TIMEOUT_MS = 800
const log = captureLogger()
const apps: Record<string, TestApp> = {}
async function appFor(driver: 'http' | 'ws') {
  apps[driver] ??= await buildTestApp({
    env: { DATABASE_URL: FAULT_DATABASE_URL, DB_TIMEOUT_MS: String(TIMEOUT_MS), DB_DRIVER: driver },
    log,
  })
  return apps[driver]
}

afterEach(() => setFault(null))
afterAll(() => setFault(null))

/** Every database-backed route, with a body that would otherwise succeed or fail normally. */
async function callAll(app: TestApp, refreshToken: string) {
  const timed = async (send: () => Response | Promise<Response>) => {
    const started = Date.now()
    const res = await send()
    return { res, ms: Date.now() - started }
  }
  return {
    login: await timed(() =>
      postJson(app, '/auth/login', { email: uniqueEmail('f'), password: PASSWORD }),
    ),
    register: await timed(() =>
      postJson(app, '/auth/register', { email: uniqueEmail('f'), password: PASSWORD }),
    ),
    refresh: await timed(() => postJson(app, '/auth/refresh', { refreshToken })),
    health: await timed(() => app.request('/health')),
  }
}

/**
 * Each answer must come well before the 5 s the delay fault holds every query: DB_TIMEOUT_MS
 * (0.8 s) plus the request's own work, with room for a busy 2-core machine.
 */
const BOUNDED_MS = 4000

describe.each(['http', 'ws'] as const)('database faults (DB_DRIVER=%s)', (driver) => {
  for (const fault of [
    { kind: 'refuse' },
    { kind: 'drop' },
    { kind: 'delay', ms: 5000 },
  ] as Fault[]) {
    it(`${fault.kind}: 503 unavailable with Retry-After, within the DB timeout, then recovery`, async () => {
      const app = await appFor(driver)
      const { body } = await registerUser(app)
      await setFault(fault)
      const answers = await callAll(app, body.refreshToken)
      for (const [route, { res, ms }] of Object.entries(answers)) {
        expect(ms, route).toBeLessThan(BOUNDED_MS)
        expect(res.status, `${route}`).toBe(503)
        expect(res.headers.get('retry-after'), route).toBe('5')
        expect(await res.json(), route).toMatchObject({ code: 'unavailable' })
      }
      await setFault(null)
      expect((await app.request('/health')).status).toBe(200)
      expect(
        (await postJson(app, '/auth/register', { email: uniqueEmail('back'), password: PASSWORD }))
          .status,
      ).toBe(201)
    })
  }
})

describe('Postgres errors through the proxy (neon-http)', () => {
  it('a capacity error (53300 too_many_connections) is 503; an unexpected one is a generic 500', async () => {
    const app = await appFor('http')
    await setFault({ kind: 'pg-error', code: '53300', message: 'sorry, too many clients already' })
    for (const res of [
      await app.request('/health'),
      await postJson(app, '/auth/login', { email: uniqueEmail('full'), password: PASSWORD }),
    ]) {
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(await res.json()).toMatchObject({ code: 'unavailable' })
    }
    await setFault({ kind: 'pg-error', code: '42P01', message: 'relation "users" does not exist' })
    const res = await postJson(app, '/auth/login', { email: uniqueEmail('e'), password: PASSWORD })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'Internal error', code: 'internal' })
    expect(text).not.toContain('relation')
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        status: 500,
        error: expect.objectContaining({ code: '42P01' }),
      }),
    )
  })
})
