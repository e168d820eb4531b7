import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import { neon } from '@neondatabase/serverless'
import { describe, expect, it } from 'vitest'
import { configureNeonLocal } from './neon-proxy-helpers.ts'

configureNeonLocal()

interface Cli {
  child: ChildProcess
  /** Resolves with the parsed first stdout line. */
  ready: Promise<Record<string, unknown>>
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>
}

/** Starts the CLI with only the given environment additions (no inherited DATABASE_URL). */
function startCli(args: string[], env: Record<string, string> = {}): Cli {
  const { DATABASE_URL: _ignored, NEON_PROXY_PORT: _too, ...base } = process.env
  const child = spawn(process.execPath, ['scripts/neon-proxy/cli.ts', ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d
  })
  const ready = new Promise<Record<string, unknown>>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0] ?? ''))
    })
  })
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, ready, exit }
}

describe('neon-proxy CLI', () => {
  it('prints one ready line, serves queries and exits 0 on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--pglite', '--control'])
    const ready = await cli.ready
    expect(ready).toEqual({
      ready: true,
      port: expect.any(Number),
      backend: 'pglite',
      databaseUrl: `postgres://postgres@127.0.0.1:${ready.port}/postgres`,
    })
    expect(await neon(String(ready.databaseUrl))`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    const control = await fetch(`http://127.0.0.1:${ready.port}/__control/fault`)
    expect(control.status).toBe(200)
    cli.child.kill('SIGTERM')
    const { code, stdout, stderr } = await cli.exit
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('SIGTERM')
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
    expect(ready.databaseUrl).toBe(
      `postgres://${url.username || 'postgres'}@127.0.0.1:${ready.port}${url.pathname}`,
    )
    const connect = url.password
      ? String(ready.databaseUrl).replace('@', `:${url.password}@`)
      : String(ready.databaseUrl)
    expect(await neon(connect)`SELECT current_database() AS db`).toEqual([
      { db: url.pathname.slice(1) },
    ])
    cli.child.kill('SIGINT')
    expect((await cli.exit).code).toBe(0)
  })
})
