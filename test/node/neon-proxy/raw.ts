// Talking to the proxy below the driver: HTTP with headers fetch will not set (Host), upgrades
// that may be refused, and messages of the Postgres protocol, right or wrong.
import http from 'node:http'
import { cstring, message, startupMessage } from '../../../scripts/neon-proxy/pg-wire.ts'

/** Status and parsed JSON body of an answer. */
export interface RawAnswer {
  status: number
  body: Record<string, unknown>
}

/** An HTTP request with exactly these headers (fetch cannot set Host). */
export function httpRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) =>
      readAnswer(res).then(resolve, reject),
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Asks to upgrade to a WebSocket with these headers: 101, or the refusal's status and body. */
export function tryUpgrade(port: number, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: '/v1?address=127.0.0.1:5432',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, body: {} })
    })
    req.on('response', (res) => readAnswer(res).then(resolve, reject))
    req.on('error', reject)
    req.end()
  })
}

function readAnswer(res: http.IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let text = ''
    res.on('data', (d: Buffer) => {
      text += d
    })
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }))
    res.on('error', reject)
  })
}

/** A StartupMessage for user postgres on database postgres. */
export const startup = (): Buffer =>
  startupMessage(
    new Map([
      ['user', 'postgres'],
      ['database', 'postgres'],
    ]),
  )

/** A PasswordMessage. */
export const password = (text: string): Buffer => message('p', cstring(text))

/** A simple Query message. */
export const query = (sql: string): Buffer => message('Q', cstring(sql))

/** Resolves with p's value, or rejects after ms: how a test says "promptly". */
export function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/** Resolves once check() holds, polling every 10 ms; rejects after ms. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export { RawSocket } from './raw-socket.ts'
