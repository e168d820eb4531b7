/**
 * The hash-bound ceiling of logins: each login runs one PBKDF2 (100,000 iterations), and a
 * Worker isolate runs its JavaScript and Web Crypto calls on one thread, so
 *   logins/s ≈ (CPU available) ÷ (CPU per PBKDF2 run),
 * one isolate giving at most 1000 / (ms per run) logins/s. The CPU per run is measured locally in
 * workerd with --ceiling (the PBKDF2-only baseline worker, CPU from /proc), or else taken from
 * the last local bench run, or else a stated estimate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePorts } from '../lib/free-ports.ts'
import { runPoint } from '../lib/load/run-point.ts'
import { buildBaselines } from '../lib/workerd/build.ts'
import { startWorkerd } from '../lib/workerd/server.ts'
import { readWorkerConfig } from '../lib/workerd/wrangler-config.ts'

export interface Ceiling {
  cpuMsPerHash: number
  /** 1000 / cpuMsPerHash: logins/s one fully busy isolate (one core) can do at most. */
  loginsPerSecondPerCore: number
  source: 'measured' | 'last-bench' | 'estimate'
  detail: string
}

/** Used when nothing was measured: PBKDF2-SHA256 × 100k on a ~2-3 GHz x86 core in workerd. */
const ESTIMATE_MS = 20

function ceiling(cpuMsPerHash: number, source: Ceiling['source'], detail: string): Ceiling {
  return { cpuMsPerHash, loginsPerSecondPerCore: 1000 / cpuMsPerHash, source, detail }
}

/** Serves the PBKDF2-only worker in workerd and measures its CPU per request (one connection). */
export async function measureCeiling(seconds = 3): Promise<Ceiling> {
  const dir = mkdtempSync(join(tmpdir(), 'edge-auth-ceiling-'))
  try {
    const bundles = await buildBaselines(dir)
    const [port] = await freePorts(1)
    const config = readWorkerConfig()
    const server = await startWorkerd({
      dir,
      workers: [
        {
          name: 'pbkdf2',
          module: 'pbkdf2.js',
          port: port as number,
          compatibilityDate: config.compatibilityDate,
          compatibilityFlags: [],
          bindings: [],
        },
      ],
      rateLimitModule: 'ratelimit.js',
    })
    try {
      const result = await runPoint({
        baseUrl: server.urls.pbkdf2 as string,
        source: { kind: 'get', path: '/' },
        connections: 1,
        warmupMs: 500,
        durationMs: seconds * 1000,
        maxRequests: 10_000,
        timeoutS: 10,
        cpu: [{ name: 'workerd', pid: server.pid }],
      })
      const ms = result.cpuMsPerRequest.workerd ?? ESTIMATE_MS
      const cpu = cpus()[0]?.model ?? 'this machine'
      return ceiling(
        ms,
        'measured',
        `${result.requests} PBKDF2 runs in local workerd on ${cpu} (${bundles.pbkdf2.bytes} B worker)`,
      )
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The last local bench run's PBKDF2 CPU per request, or the fixed estimate. */
export function estimateCeiling(latest = 'bench/results/latest.json'): Ceiling {
  if (existsSync(latest)) {
    const record = JSON.parse(readFileSync(latest, 'utf8')) as {
      date?: string
      points?: { scenario: string; requests: number; cpuMs: Record<string, number> }[]
    }
    const runs = (record.points ?? []).filter((p) => p.scenario === 'pbkdf2')
    const requests = runs.reduce((s, p) => s + p.requests, 0)
    const cpu = runs.reduce((s, p) => s + (p.cpuMs.workerd ?? 0), 0)
    if (requests > 0)
      return ceiling(cpu / requests, 'last-bench', `from ${latest} (${record.date})`)
  }
  return ceiling(ESTIMATE_MS, 'estimate', 'an estimate (run with --ceiling to measure it here)')
}
