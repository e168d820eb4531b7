import { neon } from '@neondatabase/serverless'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'
import { password, query, RawSocket, startup, until, within } from './raw.ts'

configureNeonLocal()

/** Short, so that "gives up on a stalled client" is seen quickly. */
const CLIENT_TIMEOUT_MS = 300

// Truncated frames: a client that sends part of a message and stops. It must not hold the
// proxy (or all of a single-session PGlite) for longer than the client timeout.
describeEachTarget('clients that stop half-way ($name)', (kind) => {
  let target: Target

  beforeAll(async () => {
    target = await kind.start({ clientTimeoutMs: CLIENT_TIMEOUT_MS })
  })
  afterAll(() => target?.close())

  /** Sends frames and resolves with the close code; fails unless the proxy closes in time. */
  const stall = async (...frames: Buffer[]) => {
    const raw = await new RawSocket(target.proxy.port).open()
    raw.send(...frames)
    return { raw, code: await within(CLIENT_TIMEOUT_MS + 1500, raw.closed, 'close') }
  }

  it('gives up on a truncated startup', async () => {
    const { raw, code } = await stall(startup().subarray(0, 6))
    expect(code).toBe(1002)
    expect(raw.errorCode()).toBe('08006')
  })

  it('gives up on a truncated password message', async () => {
    const { code } = await stall(Buffer.concat([startup(), password('x').subarray(0, 3)]))
    expect(code).toBe(1002)
  })

  it('gives up on a message cut short after login, and lets others in', async () => {
    const half = query('SELECT 1').subarray(0, 7)
    const raw = await new RawSocket(target.proxy.port).open()
    raw.send(Buffer.concat([startup(), password(target.proxy.secret), half]))
    // On PGlite the half-sent message holds the database: HTTP waits, but only until the cut.
    const http = neon(target.databaseUrl)`SELECT 1 AS ok`
    expect(await within(CLIENT_TIMEOUT_MS + 1500, raw.closed, 'close')).toBe(1002)
    expect(await within(CLIENT_TIMEOUT_MS + 3000, http, 'HTTP query')).toEqual([{ ok: 1 }])
  })

  it('frees the database at once when such a client goes away', async () => {
    const raw = await new RawSocket(target.proxy.port).open()
    raw.send(
      Buffer.concat([startup(), password(target.proxy.secret), query('SELECT 1').subarray(0, 7)]),
    )
    // Logged in (the login's ReadyForQuery arrived), so the half message is past the proxy.
    await until(() => raw.types().includes('Z'), 2000, 'login')
    raw.ws.terminate()
    expect(await within(2000, neon(target.databaseUrl)`SELECT 2 AS ok`, 'HTTP query')).toEqual([
      { ok: 2 },
    ])
  })
})
