import { neon } from '@neondatabase/serverless'
import pg from 'pg'
import { afterAll, beforeAll, expect } from 'vitest'
import { configureNeonLocal, describeEachTarget, itWhen, type Target } from './helpers.ts'
import { until, within } from './raw.ts'

configureNeonLocal()

const pgUrl = process.env.TEST_DATABASE_URL

// A client that gives up on an HTTP query (aborted fetch, the Worker's timeout) must not leave
// it running in the database: Neon cancels it, and so does the proxy.
describeEachTarget('an HTTP query whose client goes away ($name)', (kind) => {
  let target: Target
  const lines: string[] = []

  beforeAll(async () => {
    target = await kind.start({ log: (line) => lines.push(line) })
  })
  afterAll(() => target?.close())

  itWhen(kind.name === 'postgres' && pgUrl)(
    'is cancelled in Postgres within a second',
    async () => {
      const admin = new pg.Client({ connectionString: pgUrl })
      await admin.connect()
      const database = new URL(target.databaseUrl).pathname.slice(1)
      const running = async () => {
        const { rows } = await admin.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = $1 AND state = 'active' AND query = 'select pg_sleep(5)'`,
          [database],
        )
        return rows[0].n as number
      }
      try {
        const aborter = new AbortController()
        const sql = neon(target.databaseUrl, { fetchOptions: { signal: aborter.signal } })
        const query = sql`select pg_sleep(5)`.catch((err: unknown) => err)
        await until(async () => (await running()) === 1, 3000, 'query running')
        aborter.abort()
        expect(await query).toBeInstanceOf(Error)
        await until(async () => (await running()) === 0, 1000, 'query cancelled')
        expect(lines).toContainEqual(expect.stringContaining('cancelling the backend query'))
        // The connection that ran it is not reused (a late cancel would hit its next query).
        expect(await neon(target.databaseUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
      } finally {
        await admin.end()
      }
    },
  )

  itWhen(kind.name === 'pglite')('runs to its end on PGlite, then the proxy answers', async () => {
    // PGlite runs the query inside this very process: pg_sleep blocks the event loop, nothing
    // can cancel it, and pglite-socket drops CancelRequests. The proxy must come back after.
    const aborter = new AbortController()
    const sql = neon(target.databaseUrl, { fetchOptions: { signal: aborter.signal } })
    const query = sql`select pg_sleep(1)`.catch((err: unknown) => err)
    setTimeout(() => aborter.abort(), 200)
    await query
    expect(await within(3000, neon(target.databaseUrl)`SELECT 1 AS ok`, 'next query')).toEqual([
      { ok: 1 },
    ])
  })
})
