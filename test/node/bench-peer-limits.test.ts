/** The peers' Workers-limit verdicts, their table, CPU per login, and the install check. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkLimits, limitsCell, limitsDetail } from '../../scripts/bench/peer-limits.ts'
import { cpuPerResponse, peakRssMiB } from '../../scripts/bench/peer-measures.ts'
import { peersTable } from '../../scripts/bench/peer-table.ts'
import type { PeerWorkerSummary } from '../../scripts/bench/peer-workers-run.ts'
import { stalePeerDeps } from '../../scripts/bench/peers.ts'
import type { PointRecord } from '../../scripts/lib/load/point.ts'

describe('Workers limits', () => {
  it('marks a login over 10 ms of CPU as over Free and within Paid', () => {
    const checks = checkLimits({
      cpuMsPerLogin: 61.1,
      hashMiB: 32,
      startupCpuMs: 100,
      gzipBytes: 300 << 10,
    })
    expect(limitsCell(checks)).toBe('Free CPU 10 ms')
    expect(limitsDetail(checks)).toContain('Free CPU 10 ms: EXCEEDED (61.1 ms/login)')
    expect(limitsDetail(checks)).toContain('Paid CPU 30 s: fits (61.1 ms/login)')
  })

  it('flags each limit past its figure, and none at or under it', () => {
    const over = checkLimits({
      cpuMsPerLogin: 30_001,
      hashMiB: 256,
      pbkdf2CallIterations: 600_000,
      startupCpuMs: 1_001,
      gzipBytes: 3 * 1024 * 1024 + 1,
    })
    expect(over.filter((c) => !c.exceeded)).toEqual([])
    const under = checkLimits({
      cpuMsPerLogin: 10,
      hashMiB: 128,
      pbkdf2CallIterations: 100_000,
      startupCpuMs: 1_000,
      gzipBytes: 3 * 1024 * 1024,
    })
    expect(limitsCell(under)).toBe('none')
    expect(limitsCell([])).toBe('not checked')
  })
})

function point(scenario: string, extra: Partial<PointRecord> = {}): PointRecord {
  return {
    scenario,
    group: 'peer',
    connections: 1,
    mode: 'closed',
    requests: 10,
    ok: 10,
    elapsedMs: 1000,
    rps: 10,
    okRps: 10,
    latencyMs: { p50: 80, p90: 90, p99: 100, max: 120, mean: 82 },
    statuses: { 200: 10 },
    failures: 0,
    cpuMs: { peer: 600 },
    cpuMsPerRequest: {},
    stoppedBy: 'duration',
    ...extra,
  }
}

describe('CPU per login', () => {
  it('is the CPU over all points ÷ their responses, undefined when a point lacks it', () => {
    const points = [point('p'), point('p', { requests: 30, cpuMs: { peer: 1400 } })]
    expect(cpuPerResponse(points, 'peer')).toBe(50)
    expect(cpuPerResponse([...points, point('p', { cpuMs: {} })], 'peer')).toBeUndefined()
    expect(cpuPerResponse([], 'peer')).toBeUndefined()
  })
})

const WORKER: PeerWorkerSummary = {
  name: 'better-auth-workerd',
  pkg: 'better-auth',
  version: '1.7.25',
  hash: 'scrypt',
  hashMiB: 32,
  bundle: { bytes: 1_000_000, gzipBytes: 300 << 10 },
  startup: {
    checkStartupMs: 100,
    checkStartupRunsMs: [100],
    firstResponseMs: 150,
    firstResponseRunsMs: [150],
  },
  cpuMsPerLogin: 60,
  peakRssMiB: 130,
  limits: checkLimits({ cpuMsPerLogin: 60, hashMiB: 32 }),
}

describe('peers table', () => {
  it('puts ours first, then the workerd peers, then the Node peers, with their limits', () => {
    const points = [
      point('login', { group: 'service', cpuMs: { workerd: 800 } }),
      point('login', { group: 'service', mode: 'paced', cpuMs: { workerd: 1 } }),
      point('peer:better-auth-workerd', { connections: 4, requests: 12, ok: 11, failures: 1 }),
      point('peer:better-auth-workerd'),
      point('peer:seed-article'),
    ]
    const ours = { hash: 'pbkdf2', startupCpuMs: 30, firstResponseMs: 60, gzipBytes: 120 << 10 }
    const lines = peersTable(points, [WORKER], ours).split('\n')
    const rows = lines.filter((l) => /^(ours|better-auth|seed-article)/.test(l))
    expect(rows.map((r) => r.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['ours (edge-auth)', 'workerd'],
      ['better-auth 1.7.25', 'workerd'],
      ['seed-article', 'node'],
    ])
    // Ours: 800 ms over 10 closed-loop logins (the paced point is left out).
    expect(rows[0]).toMatch(/ 80\.0 +12\.5 +30\.0 +60 +120 .*Free CPU 10 ms$/)
    // 600 + 600 ms over 22 responses; 1 non-2xx and 1 failure.
    expect(rows[1]).toMatch(/ 2 +54\.5 +18\.3 +100\.0 +150 +300 +130 +Free CPU 10 ms$/)
    expect(rows[2]).toMatch(/n\/a \(Node\)$/)
    expect(lines.join('\n')).toContain('PBKDF2 100,000/call: fits (100,000/call)')
  })
})

describe('peers install check', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('names the pinned dependencies that are missing or at another version', () => {
    dir = mkdtempSync(join(tmpdir(), 'peers-'))
    const deps = { hono: '4.13.19', jose: '6.2.18', zod: '4.6.7' }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: deps }))
    for (const [name, version] of [
      ['hono', '4.13.19'],
      ['jose', '6.0.0'],
    ]) {
      mkdirSync(join(dir, 'node_modules', name as string), { recursive: true })
      writeFileSync(
        join(dir, 'node_modules', name as string, 'package.json'),
        JSON.stringify({ version }),
      )
    }
    expect(stalePeerDeps(dir)).toEqual(['jose', 'zod'])
  })
})

describe('peak memory', () => {
  it('reads VmHWM of a live process and nothing of a gone one', () => {
    expect(peakRssMiB(process.pid)).toBeGreaterThan(1)
    expect(peakRssMiB(2 ** 22 + 1)).toBeUndefined()
  })
})
