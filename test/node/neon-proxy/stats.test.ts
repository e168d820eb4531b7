/** The proxy's request counter, which the bench reads around each load point. */
import { neon } from '@neondatabase/serverless'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { perResponse, readDbRequests } from '../../../scripts/lib/load/db-counter.ts'
import { configureNeonLocal, describeEachTarget, type Target } from './helpers.ts'
import { httpRequest } from './raw.ts'

configureNeonLocal()

describeEachTarget('the request counter ($name)', (kind) => {
  let target: Target
  beforeAll(async () => {
    target = await kind.start()
  })
  afterAll(() => target?.close())

  it('counts each POST /sql once, a batch included, and answers only with the secret', async () => {
    const counter = { proxyUrl: target.proxy.url, databaseUrl: target.databaseUrl }
    const before = await readDbRequests(counter)
    const sql = neon(target.databaseUrl)
    await sql`SELECT 1`
    await sql.transaction([sql`SELECT 2`, sql`SELECT 3`])
    await sql`SELECT 4`
    const after = await readDbRequests(counter)
    expect(before).toBeTypeOf('number')
    expect((after ?? 0) - (before ?? 0)).toBe(3)
    expect(target.proxy.stats().sqlRequests).toBe(after)
    const foreign = await httpRequest(target.proxy.port, '/__stats', {})
    expect(foreign.status).toBe(401)
    const wrong = { ...counter, databaseUrl: counter.databaseUrl.replace(/:[^:@/]+@/, ':nope@') }
    expect(await readDbRequests(wrong)).toBeUndefined()
  })
})

describe('round trips per response', () => {
  it('divides the difference by the responses, when both readings exist', () => {
    expect(perResponse(10, 40, 10)).toBe(3)
    expect(perResponse(undefined, 40, 10)).toBeUndefined()
    expect(perResponse(10, 40, 0)).toBeUndefined()
  })
})
