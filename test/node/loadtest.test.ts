/**
 * `npm run loadtest` against a local worker: the bench's local stack (scripts/lib/workerd: the
 * Worker bundle served by workerd directly, the local Neon proxy in front of Postgres when
 * TEST_DATABASE_URL is set, PGlite otherwise), then the CLI with a tiny duration, twice:
 * creating users and stepping connections, then reusing the users file at a fixed rate.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalStack, startLocalStack } from '../../scripts/lib/workerd/local-stack.ts'

const run = promisify(execFile)
const CLI = new URL('../../scripts/loadtest.ts', import.meta.url).pathname
const SCENARIOS = ['health', 'login', 'me', 'refresh', 'register']

interface Point {
  scenario: string
  connections: number
  mode: string
  requests: number
  ok: number
  rps: number
  latencyMs: { p50: number; p99: number }
  statuses: Record<string, number>
}

let stack: LocalStack
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edge-auth-loadtest-test-'))
  stack = await startLocalStack({
    workDir: dir,
    postgresUrl: process.env.TEST_DATABASE_URL,
    rateLimit: 1_000_000,
    baselines: false,
  })
}, 90_000)

afterAll(async () => {
  await stack?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function loadtest(args: string[]) {
  const { stdout } = await run(
    process.execPath,
    [CLI, '--url', stack.urls.main as string, ...args],
    {
      timeout: 60_000,
    },
  )
  return stdout
}

describe('npm run loadtest against a local worker', () => {
  it('creates users, steps connections and saves the table as JSON', async () => {
    const out = join(dir, 'steps.json')
    const users = join(dir, 'users.json')
    const args = ['--scenario', SCENARIOS.join(','), '--connections', '2', '--duration', '1']
    const stdout = await loadtest([
      ...args,
      '--warmup',
      '0.2',
      '--create-users',
      '3',
      '--users-out',
      users,
      '--out',
      out,
    ])

    expect(stdout).toMatch(/scenario\s+conns\s+req\/s\s+2xx\/s\s+p50 ms\s+p99 ms\s+errors/)
    for (const scenario of SCENARIOS)
      expect(stdout).toMatch(new RegExp(`^${scenario}\\s+2\\s`, 'm'))
    expect(stdout).toContain('429 responses: 0')
    expect(stdout).toContain('Hash-bound ceiling')
    const record = JSON.parse(readFileSync(out, 'utf8'))
    expect(record).toMatchObject({ kind: 'edge-auth-loadtest', url: stack.urls.main, users: 3 })
    expect(record.rateLimit.count429).toBe(0)
    expect(record.ceiling.cpuMsPerHash).toBeGreaterThan(0)
    const points = record.points as Point[]
    expect(points.map((p) => p.scenario)).toEqual(SCENARIOS)
    for (const point of points) {
      expect(point).toMatchObject({ connections: 2, mode: 'closed' })
      expect(point.ok).toBeGreaterThan(0)
      expect(point.statuses[point.scenario === 'register' ? '201' : '200']).toBe(point.ok)
      expect(point.latencyMs.p99).toBeGreaterThanOrEqual(point.latencyMs.p50)
    }
    expect(JSON.parse(readFileSync(users, 'utf8'))).toHaveLength(3)
  }, 60_000)

  it('reuses a users file and holds a fixed rate', async () => {
    const out = join(dir, 'rate.json')
    const users = join(dir, 'users.json')
    const stdout = await loadtest([
      '--users',
      users,
      '--scenario',
      'login',
      '--rate',
      '10',
      '--duration',
      '1',
      '--warmup',
      '0',
      '--out',
      out,
    ])
    expect(stdout).toMatch(/^login\s/m)
    const [point] = JSON.parse(readFileSync(out, 'utf8')).points as Point[]
    expect(point).toMatchObject({ scenario: 'login', mode: 'paced', rate: 10 })
    expect(point?.ok).toBeGreaterThanOrEqual(8)
  }, 60_000)
})
