import { Pool } from '@neondatabase/serverless'
import { sql as dsql, eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/neon-serverless'
import { pgTable, serial, text } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { caught, configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'

configureNeonLocal()

const notes = pgTable('notes', { id: serial('id').primaryKey(), body: text('body').notNull() })

describeEachTarget('WebSocket pipe through the proxy ($name)', (kind) => {
  let target: Target
  let pool: Pool

  beforeAll(async () => {
    target = await kind.start()
    pool = new Pool({ connectionString: target.databaseUrl })
    await pool.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL UNIQUE)')
  })
  afterAll(async () => {
    await pool?.end()
    await target?.close()
  })

  it('runs parameterised queries on a Pool', async () => {
    const { rows, rowCount } = await pool.query(
      'INSERT INTO notes (body) VALUES ($1), ($2) RETURNING body',
      ['one', 'two'],
    )
    expect(rowCount).toBe(2)
    expect(rows).toEqual([{ body: 'one' }, { body: 'two' }])
  })

  it('runs an interactive transaction that commits and one that rolls back', async () => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query("INSERT INTO notes (body) VALUES ('kept')")
      await client.query('COMMIT')
      await client.query('BEGIN')
      await client.query("INSERT INTO notes (body) VALUES ('discarded')")
      const inside = await client.query(
        "SELECT count(*)::int AS n FROM notes WHERE body = 'discarded'",
      )
      expect(inside.rows).toEqual([{ n: 1 }])
      await client.query('ROLLBACK')
    } finally {
      client.release()
    }
    const { rows } = await pool.query(
      "SELECT body FROM notes WHERE body IN ('kept', 'discarded') ORDER BY body",
    )
    expect(rows).toEqual([{ body: 'kept' }])
  })

  it('reports a unique violation with code and constraint', async () => {
    const err = await caught(() => pool.query("INSERT INTO notes (body) VALUES ('one')"))
    expect(err.code).toBe('23505')
    expect(err.constraint).toBe('notes_body_key')
  })

  it('runs drizzle transactions, rolling back on throw', async () => {
    const db = drizzle({ client: pool })
    await db.transaction(async (tx) => {
      await tx.insert(notes).values({ body: 'drizzle-kept' })
    })
    await caught(() =>
      db.transaction(async (tx) => {
        await tx.insert(notes).values({ body: 'drizzle-gone' })
        tx.rollback()
      }),
    )
    const rows = await db
      .select({ body: notes.body })
      .from(notes)
      .where(dsql`${notes.body} LIKE 'drizzle-%'`)
    expect(rows).toEqual([{ body: 'drizzle-kept' }])
    const [one] = await db.select().from(notes).where(eq(notes.body, 'drizzle-kept'))
    expect(one?.id).toBeTypeOf('number')
  })
})
