import { type NeonQueryFunction, neon, Pool } from '@neondatabase/serverless'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { Fault } from '../../../scripts/neon-proxy/index.ts'
import { caught, configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'

configureNeonLocal()

/**
 * "Fast" on a shared 2-core machine: a refused connection fails at once, while a hang would last
 * until the test's 30 s timeout; the bound sits between, with room for a busy machine.
 */
const FAST_MS = 10_000

describeEachTarget('fault injection ($name)', (kind) => {
  let target: Target
  let sql: NeonQueryFunction<false, false>

  /** Sets the fault the way the app's workerd tests do: with fetch on the control endpoint. */
  const control = async (fault: Fault | null) => {
    const res = await fetch(`${target.proxy.url}/__control/fault`, {
      method: 'POST',
      body: JSON.stringify(fault),
      headers: auth(),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ fault })
  }
  /** The control endpoint wants the secret too, in the same header as /sql. */
  const auth = () => ({ 'Neon-Connection-String': target.databaseUrl })
  /** A Pool query on a fresh pool, so each one opens its own WebSocket. */
  const poolQuery = async (text: string) => {
    const pool = new Pool({ connectionString: target.databaseUrl })
    pool.on('error', () => {})
    try {
      return (await pool.query(text)).rows
    } finally {
      await pool.end().catch(() => {})
    }
  }
  const timed = async <T>(fn: () => Promise<T>) => {
    const started = Date.now()
    const value = await fn()
    return { value, ms: Date.now() - started }
  }

  beforeAll(async () => {
    target = await kind.start({ control: true })
    sql = neon(target.databaseUrl)
    await sql`CREATE TABLE drops (id int)`
  })
  afterEach(async () => {
    await control(null)
    // Recovery: every fault, once cleared, leaves both paths working.
    expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    expect(await poolQuery('SELECT 1 AS ok')).toEqual([{ ok: 1 }])
  })
  afterAll(() => target?.close())

  it('refuse: both paths fail fast while the control endpoint keeps working', async () => {
    await control({ kind: 'refuse' })
    const http = await timed(() => caught(() => sql`SELECT 1`))
    expect(http.value.message).toMatch(/Error connecting to database/)
    expect(http.ms).toBeLessThan(FAST_MS)
    const ws = await timed(() => caught(() => poolQuery('SELECT 1')))
    // The driver rejects with the WebSocket's raw ErrorEvent here, not an Error.
    const thrown: unknown = ws.value
    expect(thrown instanceof Error || (thrown as Event).type === 'error').toBe(true)
    expect(ws.ms).toBeLessThan(FAST_MS)
    const res = await fetch(`${target.proxy.url}/__control/fault`, { headers: auth() })
    expect(await res.json()).toEqual({ fault: { kind: 'refuse' } })
  })

  it('delay: answers arrive after at least ms', async () => {
    await control({ kind: 'delay', ms: 400 })
    const http = await timed(() => sql`SELECT 2 AS two`)
    expect(http.value).toEqual([{ two: 2 }])
    expect(http.ms).toBeGreaterThanOrEqual(390)
    const ws = await timed(() => poolQuery('SELECT 3 AS three'))
    expect(ws.value).toEqual([{ three: 3 }])
    expect(ws.ms).toBeGreaterThanOrEqual(390)
  })

  it('drop: the driver sees a failure, though the HTTP query ran', async () => {
    await control({ kind: 'drop' })
    const http = await caught(() => sql`INSERT INTO drops VALUES (1)`)
    expect(http.message).toMatch(/Error connecting to database/)
    const ws = await caught(() => poolQuery('SELECT 1'))
    expect(ws).toBeInstanceOf(Error)
    await control(null)
    expect(await sql`SELECT count(*)::int AS n FROM drops`).toEqual([{ n: 1 }])
  })

  it('pg-error: HTTP queries fail with that SQLSTATE; WebSockets are untouched', async () => {
    target.proxy.setFault({ kind: 'pg-error', code: '40001', message: 'could not serialize' })
    const err = await caught(() => sql`SELECT 1`)
    expect(err.code).toBe('40001')
    expect(err.message).toBe('could not serialize')
    expect(await poolQuery('SELECT 4 AS four')).toEqual([{ four: 4 }])
  })

  it('rejects a malformed fault with 400 and keeps the old one', async () => {
    for (const body of ['{"kind":"explode"}', '{"kind":"delay"}', 'nope', '[]']) {
      const res = await fetch(`${target.proxy.url}/__control/fault`, {
        method: 'POST',
        body,
        headers: auth(),
      })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { message: string }).message).toBeTypeOf('string')
    }
  })
})
