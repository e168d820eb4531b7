import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'

/** Runs `npm run db:migrate`'s script with this DATABASE_URL; resolves to its exit and stderr. */
function migrate(databaseUrl: string, localProxy: boolean) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const env = { ...process.env, DATABASE_URL: databaseUrl, NEON_LOCAL_PROXY: String(localProxy) }
    const child = execFile(process.execPath, ['scripts/migrate.ts'], { env, timeout: 30_000 })
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

describe('db:migrate says in one line which host failed and why', () => {
  it('a host name that does not resolve', async () => {
    const { code, stderr } = await migrate('postgres://u:p@ep-none.example.invalid/db', false)
    expect(code).toBe(1)
    expect(stderr).toBe(
      'db:migrate: failed on ep-none.example.invalid: the host name ep-none.example.invalid was not found\n',
    )
  })

  it('a port nobody listens on', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    const { code, stderr } = await migrate(`postgres://u:p@127.0.0.1:${port}/db`, true)
    expect(code).toBe(1)
    expect(stderr).toBe(
      `db:migrate: failed on 127.0.0.1:${port}: could not connect to port ${port}: ECONNREFUSED\n`,
    )
  })

  it('a port that answers but is no Neon endpoint', async () => {
    const server = createServer((socket) => {
      socket.on('error', () => {}) // the client resets it: that is the point
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const { code, stderr } = await migrate(`postgres://u:p@127.0.0.1:${port}/db`, true)
      expect(code).toBe(1)
      expect(stderr.trim().split('\n')).toEqual([
        `db:migrate: failed on 127.0.0.1:${port}: port ${port} answers but the WebSocket to it failed (not a Neon endpoint or proxy?)`,
      ])
    } finally {
      server.close()
    }
  })
})
