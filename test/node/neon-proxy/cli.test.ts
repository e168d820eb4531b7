import net from 'node:net'
import { neon } from '@neondatabase/serverless'
import { describe, expect, it } from 'vitest'
import { startCli } from './cli-process.ts'
import { configureNeonLocal } from './helpers.ts'

configureNeonLocal()

describe('neon-proxy CLI', () => {
  it('prints one ready line, serves queries and exits 0 on SIGTERM', async () => {
    const secret = 'a-secret-chosen-by-the-launcher'
    const cli = startCli(['--port', '0', '--pglite', '--control'], { NEON_PROXY_SECRET: secret })
    const ready = await cli.ready
    expect(ready).toEqual({
      ready: true,
      port: expect.any(Number),
      backend: 'pglite',
      databaseUrl: `postgres://postgres:${secret}@127.0.0.1:${ready.port}/postgres`,
    })
    expect(await neon(String(ready.databaseUrl))`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    const control = await fetch(`http://127.0.0.1:${ready.port}/__control/fault`, {
      headers: { 'Neon-Connection-String': String(ready.databaseUrl) },
    })
    expect(control.status).toBe(200)
    cli.child.kill('SIGTERM')
    const { code, stdout, stderr } = await cli.exit
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('SIGTERM')
    expect(stderr).not.toContain(secret)
  })

  it('makes up a secret when given none, and refuses a short one', async () => {
    const made = startCli(['--port', '0', '--pglite'])
    const password = new URL(String((await made.ready).databaseUrl)).password
    expect(password).toMatch(/^[\w-]{32}$/)
    made.child.kill('SIGTERM')
    expect((await made.exit).code).toBe(0)
    const short = await startCli(['--port', '0', '--pglite'], { NEON_PROXY_SECRET: 'short' }).exit
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('at least 16 characters')
  })

  it('fails with one clear line and exit code 1 when the port is taken', async () => {
    const taken = net.createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as net.AddressInfo
    try {
      const cli = startCli([], { NEON_PROXY_PORT: String(port) })
      const { code, stdout, stderr } = await cli.exit
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`),
      ])
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })

  const pgUrl = process.env.TEST_DATABASE_URL
  it.skipIf(!pgUrl)('uses DATABASE_URL as a Postgres backend and exits 0 on SIGINT', async () => {
    const cli = startCli(['--port', '0'], { DATABASE_URL: pgUrl ?? '' })
    const ready = await cli.ready
    const url = new URL(pgUrl ?? '')
    expect(ready.backend).toBe('postgres')
    const databaseUrl = new URL(String(ready.databaseUrl))
    expect(databaseUrl.username).toBe(url.username || 'postgres')
    expect(databaseUrl.host).toBe(`127.0.0.1:${ready.port}`)
    expect(databaseUrl.pathname).toBe(url.pathname)
    // The proxy's secret, never the backend's own password.
    expect(databaseUrl.password).not.toBe(url.password)
    expect(await neon(String(ready.databaseUrl))`SELECT current_database() AS db`).toEqual([
      { db: url.pathname.slice(1) },
    ])
    cli.child.kill('SIGINT')
    expect((await cli.exit).code).toBe(0)
  })
})
