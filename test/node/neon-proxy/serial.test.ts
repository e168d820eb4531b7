import { neon, Pool } from '@neondatabase/serverless'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { configureNeonLocal, describeEachTarget, itWhen, type Target } from './helpers.ts'

configureNeonLocal()

// PGlite is one session shared by every connection: these tests fail when the proxy does not
// serialise sessions (checked by making PGlite's lease and exclusive no-ops). On Postgres they
// check that the pass-through lease does not get in the way.
describeEachTarget('sessions kept apart ($name)', (kind) => {
  let target: Target
  let pool: Pool

  beforeAll(async () => {
    target = await kind.start()
    pool = new Pool({ connectionString: target.databaseUrl })
  })
  afterAll(async () => {
    await pool?.end()
    await target?.close()
  })

  it('keeps concurrent transactions on two pools and HTTP queries apart', async () => {
    await pool.query('CREATE TABLE tally (tag text NOT NULL, n int NOT NULL)')
    const pools = [1, 2].map(() => new Pool({ connectionString: target.databaseUrl, max: 2 }))
    const http = neon(target.databaseUrl)
    // Each worker interleaves its awaits with the others; on a single-session backend any
    // leak between sessions shows up as wrong counts or a rolled-back row surviving.
    const worker = async (p: Pool, tag: string, commit: boolean) => {
      const client = await p.connect()
      try {
        await client.query('BEGIN')
        for (let i = 0; i < 5; i++) {
          await client.query('INSERT INTO tally VALUES ($1, $2)', [tag, i])
          const seen = await client.query('SELECT count(*)::int AS c FROM tally WHERE tag = $1', [
            tag,
          ])
          expect(seen.rows[0].c).toBe(i + 1)
        }
        await client.query(commit ? 'COMMIT' : 'ROLLBACK')
      } finally {
        client.release()
      }
    }
    const httpWorker = async () => {
      for (let i = 0; i < 5; i++) await http`INSERT INTO tally VALUES ('http', ${i})`
    }
    try {
      await Promise.all([
        worker(pools[0] as Pool, 'a', true),
        worker(pools[1] as Pool, 'b', false),
        worker(pools[1] as Pool, 'c', true),
        httpWorker(),
      ])
    } finally {
      await Promise.all(pools.map((p) => p.end()))
    }
    const counts = await http`SELECT tag, count(*)::int AS c FROM tally GROUP BY tag ORDER BY tag`
    expect(counts).toEqual([
      { tag: 'a', c: 5 },
      { tag: 'c', c: 5 },
      { tag: 'http', c: 5 },
    ])
  })

  it('keeps concurrent extended-protocol queries from different sessions apart', async () => {
    // pglite-socket runs one protocol message at a time from any connection: when a big Bind
    // arrives in several TCP chunks, another session's Parse can run in between, and without
    // the proxy's serialisation the Bind meets the wrong statement.
    const big = 'x'.repeat(300_000)
    const pools = [1, 2].map(() => new Pool({ connectionString: target.databaseUrl, max: 3 }))
    const http = neon(target.databaseUrl)
    const shapes = [
      async (i: number) => {
        const { rows } = await (pools[0] as Pool).query('SELECT $1::int + 1 AS n', [i])
        expect(rows).toEqual([{ n: i + 1 }])
      },
      async (i: number) => {
        const { rows } = await (pools[1] as Pool).query(
          'SELECT $1::text AS s, length($2::text) AS len',
          [`s${i}`, big],
        )
        expect(rows).toEqual([{ s: `s${i}`, len: big.length }])
      },
      async (i: number) => {
        const rows = await http`SELECT ${i}::int * 2 AS d, length(${big}) AS len, 'x' AS x`
        expect(rows).toEqual([{ d: i * 2, len: big.length, x: 'x' }])
      },
    ]
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => (shapes[i % 3] as (typeof shapes)[0])(i)),
      )
    } finally {
      await Promise.all(pools.map((p) => p.end()))
    }
  })

  it('does not let an idle pooled WebSocket block HTTP queries', async () => {
    const idle = new Pool({ connectionString: target.databaseUrl })
    try {
      await idle.query('SELECT 1')
      const started = Date.now()
      const rows = await neon(target.databaseUrl)`SELECT 2 AS two`
      expect(rows).toEqual([{ two: 2 }])
      // Blocked, it would wait for the idle client to be closed (the pool's 10 s idle timeout);
      // half of that leaves room for a busy 2-core machine.
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      await idle.end()
    }
  })

  itWhen(kind.name === 'pglite')('makes HTTP wait for an open WebSocket transaction', async () => {
    await pool.query('CREATE TABLE waits (n int)')
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('INSERT INTO waits VALUES (1)')
      let settled = false
      const http = neon(target.databaseUrl)`SELECT count(*)::int AS n FROM waits`.finally(() => {
        settled = true
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(settled).toBe(false)
      await client.query('COMMIT')
      expect(await http).toEqual([{ n: 1 }])
    } finally {
      client.release()
    }
  })
})
