import { neon, Pool } from '@neondatabase/serverless'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { int32, message } from '../../../scripts/neon-proxy/pg-wire.ts'
import { type Cli, startCli } from './cli-process.ts'
import { configureNeonLocal } from './helpers.ts'
import { password, query, RawSocket, startup, within } from './raw.ts'

configureNeonLocal()

const pgUrl = process.env.TEST_DATABASE_URL
const backends = [
  { name: 'pglite', args: ['--pglite'] },
  ...(pgUrl ? [{ name: 'postgres', args: ['--backend', pgUrl] }] : []),
]
const SECRET = 'hostile-frames-test-secret'

/** An untyped startup-phase packet with this code and body. */
const untyped = (code: number, body = Buffer.alloc(0)) =>
  Buffer.concat([int32(8 + body.length), int32(code), body])
/** A typed message header claiming this length, with no body. */
const header = (type: string, length: number) => Buffer.concat([Buffer.from(type), int32(length)])

// Frames no client should send, before and after logging in. The proxy runs as its own process
// (as npm run dev runs it): PGlite spins forever on some of these if they reach it, which froze
// the proxy and made it ignore SIGTERM. Each must be answered or closed at once, and afterwards
// the proxy must still serve queries and stop when told.
const BEFORE_LOGIN: [string, Buffer[]][] = [
  ['garbage', [Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8])]],
  ['an HTTP request', [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]],
  ['a query before the startup', [query('SELECT 1')]],
  ['a password before the startup', [password(SECRET)]],
  ['an oversized startup', [untyped(196608, Buffer.alloc(20_000, 1))]],
  ['a cancel request', [untyped(80877102, Buffer.alloc(8))]],
  ['an unknown protocol version', [untyped(0x00040000)]],
  ['a query instead of the password', [startup(), query('SELECT 1')]],
  ['a second startup instead of the password', [startup(), startup()]],
]
const AFTER_LOGIN: [string, Buffer[]][] = [
  ['a password again', [password(SECRET)]],
  ['an unknown message type', [message('A', Buffer.from('x\0'))]],
  ['a second startup', [startup()]],
  ['a function call', [message('F', int32(0), int32(0))]],
  ['a message over 1 GB', [header('Q', 0x7fff_ffff)]],
  ['a negative length', [header('Q', -5)]],
  ['a Sync longer than Postgres allows', [header('S', 20_000)]],
]

describe.each(backends)('hostile WebSocket frames ($name)', ({ args }) => {
  let cli: Cli
  let port: number
  let databaseUrl: string

  beforeAll(async () => {
    cli = startCli(['--port', '0', ...args], { NEON_PROXY_SECRET: SECRET })
    const ready = await within(50_000, cli.ready, 'proxy start')
    port = Number(ready.port)
    databaseUrl = String(ready.databaseUrl)
    // PGlite's start-up in a fresh process is slow on a busy machine.
  }, 60_000)
  afterAll(() => {
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL')
  })

  /** Sends frames on a fresh WebSocket; resolves with it once the proxy closed it. */
  const sendAndClose = async (frames: Buffer[], login: boolean) => {
    const raw = await new RawSocket(port).open()
    if (login) raw.send(Buffer.concat([startup(), password(SECRET)]))
    raw.send(...frames)
    const code = await within(2000, raw.closed, 'close')
    return { raw, code }
  }

  it.each(BEFORE_LOGIN)('before login: closes on %s with a protocol error', async (_, frames) => {
    const { raw, code } = await sendAndClose(frames, false)
    expect(code).toBe(1002)
    expect(raw.errorCode()).toBe('08P01')
  })

  it.each(AFTER_LOGIN)('after login: closes on %s', async (_, frames) => {
    const { code } = await sendAndClose(frames, true)
    expect(code).toBe(1002)
  })

  it('closes on a WebSocket frame over 64 MiB', async () => {
    const { code } = await sendAndClose([Buffer.alloc(64 * 1024 * 1024 + 1)], true)
    expect(code).toBe(1009)
  })

  it('survives random frames before and after login', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async (login, bytes) => {
          const raw = await new RawSocket(port).open()
          if (login) raw.send(Buffer.concat([startup(), password(SECRET)]))
          raw.send(Buffer.from(bytes))
          raw.ws.close()
          await within(2000, raw.closed, 'close')
        },
      ),
      { numRuns: 40 },
    )
  })

  it('still serves queries afterwards, promptly', async () => {
    expect(await within(5000, neon(databaseUrl)`SELECT 1 AS ok`, 'HTTP query')).toEqual([{ ok: 1 }])
    const pool = new Pool({ connectionString: databaseUrl })
    const { rows } = await within(5000, pool.query('SELECT 2 AS ok'), 'WebSocket query')
    expect(rows).toEqual([{ ok: 2 }])
    await pool.end()
  })

  it('stops on SIGTERM', async () => {
    cli.child.kill('SIGTERM')
    const { code } = await within(10_000, cli.exit, 'exit after SIGTERM')
    expect(code).toBe(0)
  })
})
