import { type NeonQueryFunction, neon } from '@neondatabase/serverless'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/neon-http'
import { integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { caught, configureNeonLocal, describeEachTarget, itWhen, type Target } from './helpers.ts'

configureNeonLocal()

const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique('users_email_key'),
  logins: integer('logins').notNull().default(0),
  profile: jsonb('profile'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

describeEachTarget('neon-http through the proxy ($name)', (kind) => {
  let target: Target
  let sql: NeonQueryFunction<false, false>

  beforeAll(async () => {
    target = await kind.start()
    sql = neon(target.databaseUrl)
    await sql`CREATE TABLE users (
      id serial PRIMARY KEY, email text NOT NULL CONSTRAINT users_email_key UNIQUE,
      logins integer NOT NULL DEFAULT 0, profile jsonb,
      created_at timestamptz NOT NULL DEFAULT now())`
  })
  afterAll(() => target?.close())

  it('gives full results with fields and rowCount', async () => {
    const res = await sql.query('SELECT $1::int AS x UNION ALL SELECT 2', ['1'], {
      fullResults: true,
    })
    expect(res.rowCount).toBe(2)
    expect(res.command).toBe('SELECT')
    expect(res.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['x', 23]])
    expect(res.rows).toEqual([{ x: 1 }, { x: 2 }])
  })

  it('inserts with returning and selects through drizzle', async () => {
    const db = drizzle({ client: sql })
    const [created] = await db
      .insert(users)
      .values({ email: 'ada@example.com', profile: { lang: 'en' } })
      .returning()
    expect(created?.id).toBeTypeOf('number')
    expect(created?.createdAt).toBeInstanceOf(Date)
    const found = await db.select().from(users).where(eq(users.email, 'ada@example.com'))
    expect(found).toEqual([created])
  })

  it('surfaces a unique violation with its code and constraint', async () => {
    await sql`INSERT INTO users (email) VALUES ('dup@example.com')`
    const raw = await caught(() => sql`INSERT INTO users (email) VALUES ('dup@example.com')`)
    expect(raw.code).toBe('23505')
    expect(raw.constraint).toBe('users_email_key')
    expect(raw.table).toBe('users')
    expect(raw.detail).toContain('dup@example.com')
    const db = drizzle({ client: sql })
    const wrapped = await caught(() => db.insert(users).values({ email: 'dup@example.com' }))
    expect((wrapped.cause as Record<string, unknown>).code).toBe('23505')
  })

  it('rolls back a whole batch that fails half-way', async () => {
    const err = await caught(() =>
      sql.transaction([
        sql`INSERT INTO users (email) VALUES ('batch1@example.com')`,
        sql`INSERT INTO users (email) VALUES ('batch1@example.com')`,
        sql`INSERT INTO users (email) VALUES ('batch2@example.com')`,
      ]),
    )
    expect(err.code).toBe('23505')
    const db = drizzle({ client: sql })
    const drizzleErr = await caught(() =>
      db.batch([
        db.insert(users).values({ email: 'batch3@example.com' }),
        db.select().from(users),
        db.insert(users).values({ email: 'batch3@example.com' }),
      ]),
    )
    expect(drizzleErr).toBeInstanceOf(Error)
    const left = await sql`SELECT count(*)::int AS n FROM users WHERE email LIKE 'batch%'`
    expect(left).toEqual([{ n: 0 }])
  })

  it('commits a successful drizzle batch', async () => {
    const db = drizzle({ client: sql })
    const [inserted, all] = await db.batch([
      db.insert(users).values({ email: 'ok@example.com' }).returning({ id: users.id }),
      db.select({ email: users.email }).from(users).where(eq(users.email, 'ok@example.com')),
    ])
    expect(inserted).toHaveLength(1)
    expect(all).toEqual([{ email: 'ok@example.com' }])
  })

  it('honours the batch isolation, read-only and deferrable headers', async () => {
    const [iso, ro] = await sql.transaction(
      [sql`SHOW transaction_isolation`, sql`SHOW transaction_read_only`],
      { isolationLevel: 'Serializable', readOnly: true, deferrable: true },
    )
    expect(iso).toEqual([{ transaction_isolation: 'serializable' }])
    expect(ro).toEqual([{ transaction_read_only: 'on' }])
    const err = await caught(() =>
      sql.transaction([sql`INSERT INTO users (email) VALUES ('ro@example.com')`], {
        isolationLevel: 'RepeatableRead',
        readOnly: true,
      }),
    )
    expect(err.code).toBe('25006')
  })

  it('does not leak a lone BEGIN into later requests', async () => {
    await sql`BEGIN`
    // Inside a leaked transaction now() would stand still across requests.
    const [a] = await sql`SELECT now()::text AS t`
    await new Promise((resolve) => setTimeout(resolve, 20))
    const [b] = await sql`SELECT now()::text AS t`
    expect(a?.t).not.toBe(b?.t)
  })

  itWhen(kind.name === 'postgres')('survives pooled backend connections being killed', async () => {
    const own = await caught(() => sql`SELECT pg_terminate_backend(pg_backend_pid())`)
    expect(own.code).toBe('57P01')
    expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`
    expect(await sql`SELECT 2 AS ok`).toEqual([{ ok: 2 }])
  })
})
