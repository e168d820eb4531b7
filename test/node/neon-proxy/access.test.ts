import { Client, neon } from '@neondatabase/serverless'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { caught, configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'
import { httpRequest, password, RawSocket, startup, tryUpgrade, within } from './raw.ts'

configureNeonLocal()

// The proxy fronts a database session with the backend's own (superuser) credentials: it must
// not answer web pages (Origin), DNS-rebound names (Host) or anyone without its secret.
describeEachTarget('who the proxy answers ($name)', (kind) => {
  let target: Target
  let lines: string[] = []
  let host: string
  const sqlBody = '{"query":"SELECT 1","params":[]}'
  /** The refusal lines logged since the test began. */
  const refusals = () => lines.filter((l) => l.startsWith('refused'))
  const withPassword = (secret: string) => {
    const url = new URL(target.databaseUrl)
    url.password = secret
    return url.href
  }

  beforeAll(async () => {
    target = await kind.start({ log: (line) => lines.push(line) })
    host = `127.0.0.1:${target.proxy.port}`
  })
  beforeEach(() => {
    lines = []
  })
  afterAll(async () => {
    // Nothing ever logged the secret.
    expect(lines.join('\n')).not.toContain(target.proxy.secret)
    await target?.close()
  })

  it('serves the app: the secret is the password of the URL it is given', async () => {
    expect(new URL(target.databaseUrl).password).toBe(target.proxy.secret)
    expect(await neon(target.databaseUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    const client = new Client(target.databaseUrl)
    await client.connect()
    expect((await client.query('SELECT 2 AS ok')).rows).toEqual([{ ok: 2 }])
    await client.end()
  })

  it('refuses an HTTP request from a web page (Origin) with 403', async () => {
    const res = await httpRequest(target.proxy.port, '/sql', {
      origin: 'https://evil.example',
      'neon-connection-string': target.databaseUrl,
    })
    expect(res).toEqual({ status: 403, body: { message: expect.any(String), code: '28000' } })
    expect(refusals()).toEqual([expect.stringContaining('Origin header present')])
  })

  it('refuses a WebSocket upgrade from a web page (Origin) with 403', async () => {
    const res = await tryUpgrade(target.proxy.port, { origin: 'https://evil.example', host })
    expect(res).toEqual({ status: 403, body: { message: expect.any(String), code: '28000' } })
    expect(refusals()).toEqual([expect.stringContaining('Origin header present')])
  })

  it('refuses a foreign Host (DNS rebinding) on HTTP and on the upgrade', async () => {
    const foreign = `evil.example:${target.proxy.port}`
    const http = await httpRequest(target.proxy.port, '/sql', {
      host: foreign,
      'neon-connection-string': target.databaseUrl,
    })
    expect(http).toEqual({ status: 403, body: { message: expect.any(String), code: '28000' } })
    const ws = await tryUpgrade(target.proxy.port, { host: foreign })
    expect(ws.status).toBe(403)
    // Not listening on ::1, so that name is foreign too.
    const v6 = await tryUpgrade(target.proxy.port, { host: `[::1]:${target.proxy.port}` })
    expect(v6.status).toBe(403)
    expect(refusals()).toHaveLength(3)
    expect(refusals()[0]).toContain('foreign Host header "evil.example')
  })

  it('accepts its own address under the name localhost', async () => {
    const res = await tryUpgrade(target.proxy.port, { host: `localhost:${target.proxy.port}` })
    expect(res.status).toBe(101)
  })

  it('refuses HTTP without the secret, or with a wrong one, with 401', async () => {
    const noHeader = await httpRequest(target.proxy.port, '/sql', { host }, sqlBody)
    const noPassword = new URL(target.databaseUrl)
    noPassword.password = ''
    const without = await httpRequest(
      target.proxy.port,
      '/sql',
      { host, 'neon-connection-string': noPassword.href },
      sqlBody,
    )
    const wrong = await httpRequest(
      target.proxy.port,
      '/sql',
      { host, 'neon-connection-string': withPassword('not-the-secret-at-all') },
      sqlBody,
    )
    for (const res of [noHeader, without, wrong]) {
      expect(res).toEqual({ status: 401, body: { message: expect.any(String), code: '28P01' } })
    }
    // Every path: the control endpoint would otherwise let anyone break the proxy.
    const control = await httpRequest(target.proxy.port, '/__control/fault', { host }, 'null')
    expect(control.status).toBe(401)
    expect(refusals()).toEqual([
      expect.stringContaining('no secret'),
      expect.stringContaining('no secret'),
      expect.stringContaining('wrong secret'),
      expect.stringContaining('no secret'),
    ])
    expect(lines.join('\n')).not.toContain('not-the-secret-at-all')
  })

  it('the driver sees a wrong secret as an error, over HTTP and over WebSocket', async () => {
    const http = await caught(() => neon(withPassword('wrong-secret-but-long-enough'))`SELECT 1`)
    expect(http.message).toMatch(/HTTP status 401/)
    const client = new Client(withPassword('wrong-secret-but-long-enough'))
    client.on('error', () => {})
    const ws = await caught(() => client.connect())
    expect(ws.code).toBe('28P01')
    expect(refusals()).toEqual([
      expect.stringContaining('wrong secret'),
      expect.stringContaining('wrong secret'),
    ])
  })

  it('refuses a WebSocket session with a wrong or empty password, before the database', async () => {
    for (const [secret, reason] of [
      ['', 'no secret'],
      ['wrong', 'wrong secret'],
    ] as const) {
      lines = []
      const raw = await new RawSocket(target.proxy.port).open()
      // A query rides along (pipelined): it must not run.
      raw.send(Buffer.concat([startup(), password(secret), Buffer.from('Q\0\0\0\x0dSELECT 1\0')]))
      expect(await within(2000, raw.closed, 'close')).toBe(1008)
      expect(raw.types()).toBe('RE') // the password request, then the error: no query result
      expect(raw.errorCode()).toBe('28P01')
      expect(refusals()).toEqual([expect.stringContaining(reason)])
    }
  })
})
