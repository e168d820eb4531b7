import net from 'node:net'
import { neon } from '@neondatabase/serverless'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configureNeonLocal, startPgliteTarget, type Target } from './helpers.ts'

configureNeonLocal()

describe('bad input', () => {
  let target: Target
  let headers: Record<string, string>

  const post = (body: RequestInit['body'], extra: Record<string, string> = {}) =>
    fetch(`${target.proxy.url}/sql`, { method: 'POST', body, headers: { ...headers, ...extra } })

  beforeAll(async () => {
    target = await startPgliteTarget()
    headers = { 'Neon-Connection-String': target.databaseUrl }
  })
  afterAll(async () => {
    // Whatever came before, the proxy still answers real queries.
    expect(await neon(target.databaseUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }])
    await target?.close()
  })

  it.each([
    ['a non-JSON body', 'not json'],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a missing query', '{"params":[]}'],
    ['a non-string query', '{"query":42}'],
    ['params that are not an array', '{"query":"SELECT 1","params":"x"}'],
    ['an object param', '{"query":"SELECT $1","params":[{"a":1}]}'],
    ['queries that are not an array', '{"queries":{}}'],
    ['a bad query inside a batch', '{"queries":[{"query":"SELECT 1"},{"nope":1}]}'],
  ])('answers 400 with code 08P01 to %s', async (_name, body) => {
    const res = await post(body)
    expect(res.status).toBe(400)
    const json = (await res.json()) as { message: string; code: string }
    expect(json.code).toBe('08P01')
    expect(json.message).toBeTypeOf('string')
  })

  it('answers 400 to a Neon-Connection-String with the secret but no user', async () => {
    const noUser = new URL(target.databaseUrl)
    noUser.username = ''
    const res = await post('{"query":"SELECT 1"}', { 'Neon-Connection-String': noUser.href })
    expect(res.status).toBe(400)
  })

  it('answers 400 to an unknown isolation level', async () => {
    const res = await post('{"queries":[{"query":"SELECT 1","params":[]}]}', {
      'Neon-Batch-Isolation-Level': 'Chaotic',
    })
    expect(res.status).toBe(400)
  })

  it('answers 405, 404 and 426 to wrong methods and paths', async () => {
    const get = (path: string, method = 'GET') =>
      fetch(`${target.proxy.url}${path}`, { method, headers })
    expect((await get('/sql')).status).toBe(405)
    expect((await get('/nope', 'POST')).status).toBe(404)
    expect((await get('/__control/fault', 'POST')).status).toBe(404)
    expect((await get('/v1')).status).toBe(426)
  })

  it('answers 413 to a body over 10 MB', async () => {
    const res = await post(new Uint8Array(10 * 1024 * 1024 + 1).fill(32))
    expect(res.status).toBe(413)
  })

  it('survives garbage on the WebSocket and on the raw TCP port', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.proxy.port}/v1`)
    const closed = new Promise<number>((resolve) =>
      ws.addEventListener('close', (e) => resolve(e.code)),
    )
    await new Promise((resolve) => ws.addEventListener('open', resolve))
    ws.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8]))
    expect(await closed).toBe(1002)
    const socket = net.connect(target.proxy.port, '127.0.0.1')
    await new Promise((resolve) => socket.on('connect', resolve))
    socket.end('\x00\x01garbage\r\n\r\n')
    await new Promise((resolve) => socket.on('close', resolve))
  })
})
