import { neon, Pool } from '@neondatabase/serverless'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'

// No drizzle in this file: drizzle-orm/neon-http replaces the driver's global timestamp parsers
// with identity functions as soon as it is imported and used, which would hide what the proxy sends.
configureNeonLocal()

const TYPES_QUERY = `SELECT 42::int4 AS i4, 9007199254740993::int8 AS i8, true AS b,
  $1::text AS t, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u,
  '2024-05-06T07:08:09.123Z'::timestamptz AS ts, '{"a":[1,null]}'::jsonb AS j,
  '\\xdeadbeef'::bytea AS by, NULL::text AS n, ARRAY[1,2,3]::int4[] AS ai,
  ARRAY['x', NULL, 'y z']::text[] AS at, $2::bytea AS pby, $3::int8 AS pi8`

const PARAMS = ["it's", Buffer.from([1, 2]), 12345678901234n]

const EXPECTED = {
  i4: 42,
  i8: '9007199254740993',
  b: true,
  t: "it's",
  u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  ts: new Date('2024-05-06T07:08:09.123Z'),
  j: { a: [1, null] },
  by: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
  n: null,
  ai: [1, 2, 3],
  at: ['x', null, 'y z'],
  pby: Buffer.from([1, 2]),
  pi8: '12345678901234',
}

describeEachTarget('types through the proxy ($name)', (kind) => {
  let target: Target

  beforeAll(async () => {
    target = await kind.start()
  })
  afterAll(() => target?.close())

  it('HTTP: every type arrives as the driver would parse it from Neon', async () => {
    const sql = neon(target.databaseUrl)
    expect(await sql.query(TYPES_QUERY, PARAMS)).toEqual([EXPECTED])
  })

  it('HTTP: a tagged template with a null and an array param', async () => {
    const sql = neon(target.databaseUrl)
    const rows =
      await sql`SELECT ${null}::int AS a, ${[1, 2]}::int[] AS b, ${{ k: 'v' }}::jsonb AS c`
    expect(rows).toEqual([{ a: null, b: [1, 2], c: { k: 'v' } }])
  })

  it('WebSocket: the same query through Pool gives the same values', async () => {
    const pool = new Pool({ connectionString: target.databaseUrl })
    try {
      const { rows } = await pool.query(TYPES_QUERY, PARAMS)
      expect(rows).toEqual([EXPECTED])
    } finally {
      await pool.end()
    }
  })
})
