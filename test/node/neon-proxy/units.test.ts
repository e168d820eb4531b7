import { describe, expect, it } from 'vitest'
import { LockTimeoutError, Mutex } from '../../../scripts/neon-proxy/mutex.ts'
import { SessionTracker } from '../../../scripts/neon-proxy/pg-stream.ts'
import { beginStatement } from '../../../scripts/neon-proxy/sql.ts'

/** A typed Postgres message: type byte, int32 length, body. */
const msg = (type: string, body: number[] = []) => {
  const b = Buffer.alloc(5 + body.length)
  b.write(type, 0, 'latin1')
  b.writeInt32BE(4 + body.length, 1)
  Buffer.from(body).copy(b, 5)
  return b
}
const ready = (status: string) => msg('Z', [status.charCodeAt(0)])

describe('Mutex', () => {
  it('grants in FIFO order and times out waiters', async () => {
    const lock = new Mutex()
    const order: string[] = []
    const first = await lock.acquire(1000)
    const second = lock.acquire(1000).then((release) => {
      order.push('second')
      return release
    })
    const late = lock.acquire(20)
    await expect(late).rejects.toBeInstanceOf(LockTimeoutError)
    first()
    first() // releasing twice is harmless
    ;(await second)()
    expect(order).toEqual(['second'])
    const again = await lock.acquire(10)
    lock.close()
    again()
    await expect(lock.acquire(10)).rejects.toThrow(/closed/)
  })
})

describe('SessionTracker', () => {
  it('is idle only after every Sync is answered outside a transaction', () => {
    const t = new SessionTracker()
    expect(t.idle).toBe(false) // the login's ReadyForQuery is still to come
    t.server(Buffer.concat([msg('R', [0, 0, 0, 0]), ready('I')]))
    expect(t.idle).toBe(true)
    t.client(Buffer.concat([msg('P', [0, 0, 0]), msg('B', [0, 0])]))
    expect(t.idle).toBe(false) // half-sent extended sequence
    t.client(Buffer.concat([msg('E', [0, 0, 0, 0, 0]), msg('S')]))
    t.client(msg('Q', [0x42, 0])) // pipelined second request
    t.server(ready('I'))
    expect(t.idle).toBe(false)
    t.server(ready('T')) // second answer, inside a transaction
    expect(t.idle).toBe(false)
    t.client(msg('Q', [0x43, 0]))
    const z = ready('I')
    t.server(z.subarray(0, 3)) // answers can arrive split
    expect(t.idle).toBe(false)
    t.server(z.subarray(3))
    expect(t.idle).toBe(true)
    t.client(msg('X'))
    expect(t.terminated).toBe(true)
  })

  it('refuses client messages outside the query protocol at their first byte', () => {
    for (const bad of [Buffer.from('p'), Buffer.from('A'), Buffer.from([0]), Buffer.from('F')]) {
      const t = new SessionTracker()
      t.client(bad)
      expect(t.broken).toBe(true)
    }
    const t = new SessionTracker()
    t.client(msg('Q', [0x42, 0]).subarray(0, 3))
    expect(t.broken).toBe(false)
    expect(t.clientMidMessage).toBe(true)
  })

  it('refuses lengths Postgres would refuse', () => {
    const header = (type: string, length: number) => {
      const b = Buffer.alloc(5)
      b.write(type, 0, 'latin1')
      b.writeInt32BE(length, 1)
      return b
    }
    for (const [type, length] of [
      ['Q', 3], // shorter than its own length field
      ['Q', -1],
      ['Q', 0x3fff_ffff], // over PQ_LARGE_MESSAGE_LIMIT
      ['S', 10_001], // over PQ_SMALL_MESSAGE_LIMIT
    ] as const) {
      const t = new SessionTracker()
      t.client(header(type, length))
      expect(t.broken, `${type} ${length}`).toBe(true)
    }
  })
})

describe('beginStatement', () => {
  it('spells the batch options', () => {
    expect(beginStatement({})).toBe('BEGIN')
    expect(beginStatement({ isolation: 'SERIALIZABLE', readOnly: true, deferrable: false })).toBe(
      'BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY NOT DEFERRABLE',
    )
  })
})
