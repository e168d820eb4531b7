// A stand-in Postgres server that asks for a password the way a real one may (cleartext, md5,
// SCRAM-SHA-256), with the server side of each written here from the specs, so the proxy's
// client side is checked against an independent implementation.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import net from 'node:net'
import { MessageReader } from '../../../scripts/neon-proxy/message-reader.ts'
import {
  authRequest,
  cstring,
  errorResponse,
  int32,
  message,
  parseStartupParams,
} from '../../../scripts/neon-proxy/pg-wire.ts'

export type AuthMethod = 'trust' | 'cleartext' | 'md5' | 'scram'

/** What the fake server saw, for the test to check. */
export interface FakeBackend {
  port: number
  /** Startup parameters of each connection. */
  startups: Map<string, string>[]
  /** Every byte each connection sent after its login succeeded. */
  afterLogin: Buffer[]
  /** Every PasswordMessage body received, in order. */
  passwords: Buffer[]
  close(): Promise<void>
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest()
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest()
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex')

/** Starts a server that lets in only `password` by `method`. */
export async function startFakeBackend(method: AuthMethod, password: string): Promise<FakeBackend> {
  const fake: FakeBackend = { port: 0, startups: [], afterLogin: [], passwords: [], close }
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serve(socket, method, password, fake)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.port = (server.address() as net.AddressInfo).port
  function close(): Promise<void> {
    for (const s of sockets) s.destroy()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  return fake
}

function serve(socket: net.Socket, method: AuthMethod, password: string, fake: FakeBackend) {
  const reader = new MessageReader()
  const salt = randomBytes(16)
  const md5Salt = randomBytes(4)
  let user = ''
  let serverFirst = ''
  let clientFirstBare = ''
  let started = false
  let loggedIn = false
  const ok = () => {
    loggedIn = true
    const status = message('S', cstring('server_version'), cstring('17.0'))
    socket.write(Buffer.concat([authRequest(0), status, message('K', int32(42), int32(7))]))
    socket.write(message('Z', Buffer.from('I')))
  }
  const refuse = () => socket.end(errorResponse('FATAL', '28P01', 'password authentication failed'))
  const onPassword = (body: Buffer) => {
    fake.passwords.push(body)
    if (method === 'cleartext') return body.equals(cstring(password)) ? ok() : refuse()
    if (method === 'md5') {
      const expected = `md5${md5(Buffer.concat([Buffer.from(md5(password + user)), md5Salt]))}`
      return body.equals(cstring(expected)) ? ok() : refuse()
    }
    if (!serverFirst) {
      // SASLInitialResponse: mechanism, int32 length, client-first-message.
      const text = body.subarray(body.indexOf(0) + 5).toString()
      clientFirstBare = text.slice(text.indexOf('n=', 1))
      const nonce = `${/r=([^,]+)/.exec(text)?.[1]}${randomBytes(9).toString('base64')}`
      serverFirst = `r=${nonce},s=${salt.toString('base64')},i=4096`
      return socket.write(authRequest(11, Buffer.from(serverFirst)))
    }
    const final = body.toString()
    const withoutProof = final.slice(0, final.indexOf(',p='))
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`
    const salted = pbkdf2Sync(password, salt, 4096, 32, 'sha256')
    const storedKey = sha256(hmac(salted, 'Client Key'))
    const proof = Buffer.from(final.slice(final.indexOf(',p=') + 3), 'base64')
    const clientKey = proof.map((b, i) => b ^ (hmac(storedKey, authMessage)[i] ?? 0))
    if (!sha256(Buffer.from(clientKey)).equals(storedKey)) return refuse()
    const verifier = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64')
    socket.write(authRequest(12, Buffer.from(`v=${verifier}`)))
    ok()
  }
  socket.on('data', (chunk: Buffer) => {
    if (loggedIn) {
      fake.afterLogin.push(chunk)
      return
    }
    reader.push(chunk)
    if (!started) {
      const msg = reader.nextUntyped(10_000)
      if (!msg) return
      started = true
      const params = parseStartupParams(msg.body) ?? new Map()
      fake.startups.push(params)
      user = params.get('user') ?? ''
      if (method === 'trust') return ok()
      if (method === 'cleartext') return socket.write(authRequest(3))
      if (method === 'md5') return socket.write(authRequest(5, md5Salt))
      return socket.write(authRequest(10, Buffer.concat([cstring('SCRAM-SHA-256'), cstring('')])))
    }
    for (let msg = reader.nextTyped(10_000); msg && !loggedIn; msg = reader.nextTyped(10_000)) {
      onPassword(msg.body)
    }
  })
  socket.on('error', () => {})
}
