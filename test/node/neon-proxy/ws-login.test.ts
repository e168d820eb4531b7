import { Client, neonConfig, Pool } from '@neondatabase/serverless'
import { drizzle } from 'drizzle-orm/neon-serverless'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'
import { password, query, RawSocket, startup, until } from './raw.ts'

configureNeonLocal()

// The proxy asks for the password on the WebSocket like Neon's own proxy, so both of the
// driver's ways to log in work: waiting to be asked (pipelineConnect false, what the app uses)
// and the driver's default, sending startup and password at once ('password').
describeEachTarget('logging in over the WebSocket ($name)', (kind) => {
  let target: Target

  beforeAll(async () => {
    target = await kind.start()
  })
  afterAll(() => target?.close())

  describe.each(['password', false] as const)('pipelineConnect %s', (pipelineConnect) => {
    beforeAll(() => {
      neonConfig.pipelineConnect = pipelineConnect
    })
    afterAll(() => configureNeonLocal())

    it('runs Pool queries and a transaction', async () => {
      const pool = new Pool({ connectionString: target.databaseUrl })
      try {
        expect((await pool.query('SELECT $1::int + 1 AS n', [41])).rows).toEqual([{ n: 42 }])
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          const { rows } = await client.query("SELECT current_setting('application_name') AS a")
          expect(rows).toHaveLength(1)
          await client.query('COMMIT')
        } finally {
          client.release()
        }
        const db = drizzle({ client: pool })
        const rows = await db.transaction((tx) => tx.execute('SELECT 7 AS seven'))
        expect(rows.rows).toEqual([{ seven: 7 }])
      } finally {
        await pool.end()
      }
    })

    it('connects a Client, which sees the backend session parameters', async () => {
      const client = new Client(target.databaseUrl)
      await client.connect()
      try {
        const { rows } = await client.query('SHOW server_version')
        expect(rows[0].server_version).toMatch(/^\d+/)
        // BackendKeyData reached the driver (what a cancel would use).
        expect((client as unknown as { processID: unknown }).processID).toBeTypeOf('number')
      } finally {
        await client.end()
      }
    })
  })

  it('answers SSLRequest with N, then goes on with the login', async () => {
    const raw = await new RawSocket(target.proxy.port).open()
    const ssl = Buffer.alloc(8)
    ssl.writeInt32BE(8, 0)
    ssl.writeInt32BE(80877103, 4)
    raw.send(ssl)
    raw.send(Buffer.concat([startup(), password(target.proxy.secret), query('SELECT 1')]))
    await until(() => raw.types(1).includes('C'), 5000, 'query answer')
    expect(raw.received.subarray(0, 1).toString()).toBe('N')
    // Password request, AuthenticationOk, then the backend's own post-login messages.
    expect(raw.types(1)).toMatch(/^RR[SKZ]*Z.*TDCZ$/)
    raw.ws.close()
  })

  it('reports the backend refusing the login (an unknown database) with its own error', async () => {
    const url = new URL(target.databaseUrl)
    url.pathname = '/no_such_database'
    const client = new Client(url.href)
    client.on('error', () => {})
    const err = await client.connect().then(
      () => null,
      (e: Error & { code?: string }) => e,
    )
    // Postgres says 3D000; PGlite has one database and takes any name.
    if (kind.name === 'postgres') expect(err?.code).toBe('3D000')
    else await client.end()
  })
})
