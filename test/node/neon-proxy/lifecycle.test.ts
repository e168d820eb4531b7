import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { neon, Pool } from '@neondatabase/serverless'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../scripts/neon-proxy/backend.ts'
import {
  createPgliteBackend,
  createPostgresBackend,
  startNeonProxy,
} from '../../../scripts/neon-proxy/index.ts'
import { caught, configureNeonLocal } from './helpers.ts'
import { within } from './raw.ts'

configureNeonLocal()

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('proxy lifecycle', () => {
  it('rejects with a clear message when the port is taken', async () => {
    const backend = createPostgresBackend('postgres://postgres@127.0.0.1:1/postgres')
    const first = await startNeonProxy({ backend })
    try {
      const err = await caught(() => startNeonProxy({ backend, port: first.port }))
      expect(err.message).toContain(`port ${first.port} on 127.0.0.1 is already in use`)
      expect(err.message).toMatch(/--port.*NEON_PROXY_PORT/)
    } finally {
      await first.close()
    }
  })

  it('answers 503 fast while the backend is down and recovers when it is back', async () => {
    const pglite = await createPgliteBackend({})
    const port = await freePort()
    const backend: Backend = { ...pglite, port }
    const proxy = await startNeonProxy({ backend })
    const url = proxy.databaseUrl('postgres', 'postgres')
    const relaySockets = new Set<net.Socket>()
    const relay = net.createServer((client) => {
      const db = net.connect(pglite.port, '127.0.0.1')
      for (const s of [client, db]) {
        relaySockets.add(s)
        s.on('error', () => {})
        s.on('close', () => relaySockets.delete(s))
      }
      client.pipe(db).pipe(client)
    })
    try {
      const started = Date.now()
      const err = await caught(() => neon(url)`SELECT 1`)
      expect(err.message).toMatch(/HTTP status 503.*database unreachable/)
      // A refused backend connection answers at once; a hang would run into the test's 30 s
      // timeout. The bound sits between, with room for a busy 2-core machine.
      expect(Date.now() - started).toBeLessThan(10_000)
      const pool = new Pool({ connectionString: url })
      pool.on('error', () => {})
      await caught(() => pool.query('SELECT 1'))
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve))
      expect(await neon(url)`SELECT 1 AS back`).toEqual([{ back: 1 }])
      expect((await pool.query('SELECT 2 AS back')).rows).toEqual([{ back: 2 }])
      await pool.end()
    } finally {
      await proxy.close()
      for (const s of relaySockets) s.destroy()
      await new Promise((resolve) => relay.close(resolve))
      await pglite.close()
    }
  })

  it('close() leaves nothing running, so the process exits by itself', async () => {
    // Timed from the fixture's last line, not from its start: PGlite's start-up takes anything
    // from 3 to 15 s on a busy machine, while a lingering handle keeps the process for good.
    const child = spawn(process.execPath, ['test/node/neon-proxy/exit-fixture.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    let closedAt = 0
    child.stdout.on('data', (d: Buffer) => {
      stdout += d
      closedAt ||= Date.now()
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      expect(await within(50_000, exited, 'fixture exit')).toBe(0)
    } finally {
      child.kill('SIGKILL')
    }
    expect(stdout.trim()).toBe('closed; delayed query failed')
    expect(Date.now() - closedAt).toBeLessThan(3_000)
  }, 60_000)

  it('keeps a PGlite database in dataDir across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'neon-proxy-pglite-'))
    try {
      for (const step of ['write', 'read']) {
        const backend = await createPgliteBackend({ dataDir })
        const proxy = await startNeonProxy({ backend })
        const sql = neon(proxy.databaseUrl('postgres', 'postgres'))
        if (step === 'write') await sql`CREATE TABLE kept AS SELECT 'still here' AS note`
        else expect(await sql`SELECT note FROM kept`).toEqual([{ note: 'still here' }])
        await proxy.close()
        await backend.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
