import { type NeonQueryFunction, neon } from '@neondatabase/serverless'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MAX_RESPONSE_BYTES } from '../../../scripts/neon-proxy/limits.ts'
import { caught, configureNeonLocal, describeEachTarget, itWhen, type Target } from './helpers.ts'
import { within } from './raw.ts'

configureNeonLocal()

const MB = 1024 * 1024

// Neon answers at most 10 MiB per HTTP query and takes at most 10 MiB per request (see
// scripts/neon-proxy/limits.ts): a query that would fail there must fail here, not pass.
describeEachTarget("Neon's HTTP size limits ($name)", (kind) => {
  let target: Target
  let sql: NeonQueryFunction<false, false>

  beforeAll(async () => {
    target = await kind.start()
    sql = neon(target.databaseUrl)
    await sql`CREATE TABLE kept (n int)`
  })
  afterAll(() => target?.close())

  it('answers a result just under 10 MiB', async () => {
    const rows = await sql`SELECT repeat('x', ${MB}) AS s FROM generate_series(1, 9)`
    expect(rows).toHaveLength(9)
  })

  it('fails a result over 10 MiB with 507, as Neon does', async () => {
    const err = await caught(() => sql`SELECT repeat('x', ${MB}) AS s FROM generate_series(1, 11)`)
    expect(err.message).toMatch(/HTTP status 507/)
    expect(err.message).toContain(`response is too large (max is ${MAX_RESPONSE_BYTES} bytes)`)
    // And the proxy goes on answering.
    expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
  })

  it('counts a whole batch, and rolls it back when it is too large', async () => {
    const err = await caught(() =>
      sql.transaction([
        sql`INSERT INTO kept VALUES (1)`,
        sql`SELECT repeat('x', ${MB}) AS s FROM generate_series(1, 6)`,
        sql`SELECT repeat('x', ${MB}) AS s FROM generate_series(1, 6)`,
      ]),
    )
    expect(err.message).toMatch(/HTTP status 507/)
    expect(await sql`SELECT count(*)::int AS n FROM kept`).toEqual([{ n: 0 }])
  })

  it('refuses a request over 10 MiB with 413, as Neon does', async () => {
    const err = await caught(() => sql.query('SELECT length($1) AS n', ['x'.repeat(10 * MB)]))
    expect(err.message).toMatch(/HTTP status 413/)
  })

  itWhen(kind.name === 'postgres')(
    'stops a huge result early instead of reading it all',
    async () => {
      // About 1 TB of rows: only cancelling at the limit answers in time.
      const huge = sql`SELECT repeat('x', 1000000) AS s FROM generate_series(1, 1000000)`
      const err = await within(
        10_000,
        caught(() => huge),
        'answer to a huge query',
      )
      expect(err.message).toMatch(/HTTP status 507/)
    },
  )
})
