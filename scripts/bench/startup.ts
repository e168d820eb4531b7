/**
 * Startup cost of the Worker next to a hello-world worker's, two ways:
 *  - `wrangler check startup --worker <bundle>` (works offline): workerd's CPU profile of the
 *    startup phase; the figure is its active (non-idle) time. A hello world's startup is often
 *    below the profiler's sampling interval (it reads 0 ms), which makes a ratio meaningless.
 *  - Time from spawning workerd with only that worker until its first HTTP response (the
 *    service's first request also builds its dependencies, as a cold request would).
 * Each is the median of a few runs.
 */
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePorts } from '../lib/free-ports.ts'
import { WRANGLER_ENV, wranglerBin } from '../lib/workerd/build.ts'
import type { WorkerSpec } from '../lib/workerd/capnp.ts'
import { startWorkerd } from '../lib/workerd/server.ts'

const run = promisify(execFile)
const HELLO = new URL('../lib/workerd/workers/hello.ts', import.meta.url).pathname

export interface StartupPair {
  serviceMs: number
  helloMs: number
  serviceRunsMs: number[]
  helloRunsMs: number[]
}

export interface StartupResult {
  profile: StartupPair & { method: string }
  firstResponse: StartupPair & { method: string }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[]
  samples: number[]
  timeDeltas: number[]
}

/** Active milliseconds of a V8 .cpuprofile: every sample not in `(idle)`. */
export function activeMs(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  )
  let micros = 0
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) micros += profile.timeDeltas[i] ?? 0
  })
  return micros / 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

async function wrangler(args: string[]): Promise<void> {
  await run(process.execPath, [wranglerBin(), ...args], { env: WRANGLER_ENV, maxBuffer: 16 << 20 })
}

/** Builds deploy bundles of the service and of hello.ts, then profiles each `runs` times. */
async function profileStartup(dir: string, compatibilityDate: string, runs: number) {
  const helloConfig = join(dir, 'hello-wrangler.toml')
  writeFileSync(
    helloConfig,
    `name = "bench-hello"\nmain = ${JSON.stringify(HELLO)}\ncompatibility_date = "${compatibilityDate}"\nminify = true\n`,
  )
  const bundles = { service: join(dir, 'service.bundle'), hello: join(dir, 'hello.bundle') }
  await wrangler(['deploy', '--dry-run', '--outfile', bundles.service, '--env='])
  await wrangler(['deploy', '--dry-run', '--outfile', bundles.hello, '--config', helloConfig])
  const once = async (bundle: string, outfile: string) => {
    await wrangler(['check', 'startup', '--worker', bundle, '--outfile', outfile])
    return activeMs(JSON.parse(readFileSync(outfile, 'utf8')) as CpuProfile)
  }
  const serviceRunsMs: number[] = []
  const helloRunsMs: number[] = []
  for (let i = 0; i < runs; i++) {
    serviceRunsMs.push(await once(bundles.service, join(dir, `service-${i}.cpuprofile`)))
    helloRunsMs.push(await once(bundles.hello, join(dir, `hello-${i}.cpuprofile`)))
  }
  return pair(serviceRunsMs, helloRunsMs)
}

function pair(serviceRunsMs: number[], helloRunsMs: number[]): StartupPair {
  return {
    serviceMs: median(serviceRunsMs),
    helloMs: median(helloRunsMs),
    serviceRunsMs,
    helloRunsMs,
  }
}

/** Spawns workerd with one worker at a time; ms until `readyPath` first answers. */
async function firstResponse(
  dir: string,
  workers: { service: WorkerSpec; hello: WorkerSpec },
  rateLimitModule: string,
  runs: number,
): Promise<StartupPair> {
  const once = async (spec: WorkerSpec, readyPath: string) => {
    const [port] = await freePorts(1)
    const server = await startWorkerd({
      dir,
      name: `startup-${spec.name}`,
      workers: [{ ...spec, port: port as number }],
      rateLimitModule,
      readyPaths: { [spec.name]: readyPath },
    })
    await server.stop()
    return server.readyMs
  }
  const serviceRunsMs: number[] = []
  const helloRunsMs: number[] = []
  for (let i = 0; i < runs; i++) {
    serviceRunsMs.push(await once(workers.service, '/.well-known/jwks.json'))
    helloRunsMs.push(await once(workers.hello, '/'))
  }
  return pair(serviceRunsMs, helloRunsMs)
}

/** Both measurements; `workers` are the stack's specs (modules relative to `dir`). */
export async function measureStartup(
  dir: string,
  workers: { service: WorkerSpec; hello: WorkerSpec },
  rateLimitModule: string,
  runs: number,
): Promise<StartupResult> {
  const profile = await profileStartup(dir, workers.service.compatibilityDate, runs)
  const first = await firstResponse(dir, workers, rateLimitModule, runs)
  return {
    profile: {
      method: 'wrangler check startup: active time of the startup .cpuprofile',
      ...profile,
    },
    firstResponse: { method: 'workerd spawn → first HTTP response, one worker', ...first },
  }
}
