import { afterEach, describe, expect, it } from 'vitest'
import {
  createPostgresBackend,
  type NeonProxy,
  startNeonProxy,
} from '../../../scripts/neon-proxy/index.ts'
import {
  scramClientFinal,
  scramClientFirst,
  scramVerifyServer,
} from '../../../scripts/neon-proxy/password-proofs.ts'
import { type AuthMethod, type FakeBackend, startFakeBackend } from './fake-backend.ts'
import { password, query, RawSocket, startup, until, within } from './raw.ts'

describe('SCRAM-SHA-256, client side', () => {
  it('computes the proof of RFC 7677 section 3 and checks the server signature', () => {
    const { session, message } = scramClientFirst('user', 'rOprNGfwEbeRWgbNEkqO')
    expect(message).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO')
    const serverFirst =
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'
    expect(scramClientFinal(session, 'pencil', serverFirst)).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,' +
        'p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    )
    expect(() =>
      scramVerifyServer(session, 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='),
    ).not.toThrow()
    expect(() =>
      scramVerifyServer(session, 'v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='),
    ).toThrow()
  })

  it('refuses a server nonce that does not extend its own', () => {
    const { session } = scramClientFirst('*', 'abc')
    expect(() => scramClientFinal(session, 'pw', 'r=xyz123,s=c2FsdA==,i=4096')).toThrow(/nonce/)
  })
})

// The proxy logs in to the backend with the backend URL's own password, whichever way the
// backend asks for it; what the client presented (the proxy's secret) never reaches it.
describe.each(['trust', 'cleartext', 'md5', 'scram'] as AuthMethod[])(
  'backend asks for %s',
  (method) => {
    let fake: FakeBackend
    let proxy: NeonProxy

    const start = async (backendPassword: string | null, actual = 'backend-password') => {
      fake = await startFakeBackend(method, actual)
      const auth = backendPassword === null ? 'postgres' : `postgres:${backendPassword}`
      const backend = createPostgresBackend(`postgres://${auth}@127.0.0.1:${fake.port}/app`)
      proxy = await startNeonProxy({ backend })
    }
    /** Logs in through the proxy and sends a query along. */
    const login = async () => {
      const raw = await new RawSocket(proxy.port).open()
      raw.send(Buffer.concat([startup(), password(proxy.secret), query('SELECT 1')]))
      return raw
    }
    afterEach(async () => {
      await proxy?.close()
      await fake?.close()
    })

    it('logs in with the backend password and then passes the session through', async () => {
      await start('backend-password')
      const raw = await login()
      const q = query('SELECT 1')
      await until(() => Buffer.concat(fake.afterLogin).equals(q), 3000, 'query at backend')
      expect(raw.types()).toBe('RRSKZ') // the proxy's password request, then the backend's login
      expect(fake.startups[0]?.get('user')).toBe('postgres')
      const seen = Buffer.concat(fake.passwords).toString()
      expect(seen).not.toContain(proxy.secret)
      if (method === 'cleartext') expect(seen).toBe('backend-password\0')
      raw.ws.close()
    })

    if (method === 'trust') return

    it("passes the backend's refusal on when the backend password is wrong", async () => {
      await start('not-the-backend-password')
      const raw = await login()
      expect(await within(3000, raw.closed, 'close')).toBe(1011)
      expect(raw.errorCode()).toBe('28P01')
      expect(fake.afterLogin).toEqual([])
    })

    it('says what is missing when the backend URL has no password', async () => {
      await start(null)
      const raw = await login()
      expect(await within(3000, raw.closed, 'close')).toBe(1011)
      expect(raw.received.toString()).toContain('put it in the backend URL')
    })
  },
)
