/**
 * Where a login's CPU goes: serves an unminified build of the Worker in its own workerd with the
 * V8 inspector on loopback, runs logins for a few seconds under the CPU profiler (DevTools
 * protocol, Profiler domain), and attributes the samples (profile-areas.ts). The profiler's own
 * cost stays out of the bench's measurements: it is a separate workerd, run after them.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import WebSocket from 'ws'
import { freePorts } from '../lib/free-ports.ts'
import { runPoint } from '../lib/load/run-point.ts'
import { WRANGLER_ENV, wranglerBin } from '../lib/workerd/build.ts'
import type { WorkerSpec } from '../lib/workerd/capnp.ts'
import { startWorkerd } from '../lib/workerd/server.ts'
import type { MatrixContext } from './matrix.ts'
import { type Attribution, attribute, type CpuProfile } from './profile-areas.ts'

const run = promisify(execFile)
const INTERVAL_US = 250

export interface ProfileResult extends Attribution {
  scenario: 'login'
  connections: number
  requests: number
  intervalUs: number
  /** What the figures are. */
  note: string
}

/** A minimal DevTools-protocol client: one call at a time is all the bench needs. */
async function connect(url: string) {
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let id = 0
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const mine = ++id
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: T; error?: unknown }
        if (message.id !== mine) return
        socket.off('message', onMessage)
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`))
        else resolve(message.result as T)
      }
      socket.on('message', onMessage)
      socket.send(JSON.stringify({ id: mine, method, params }))
    })
  return { call, close: () => socket.close() }
}

/** The Worker as deploy builds it, but not minified, so that frames keep their names. */
async function buildUnminified(dir: string): Promise<string> {
  const outDir = join(dir, 'plain')
  mkdirSync(outDir, { recursive: true })
  const build = ['deploy', '--dry-run', '--outdir', outDir, '--minify=false', '--env=']
  await run(process.execPath, [wranglerBin(), ...build], { env: WRANGLER_ENV, maxBuffer: 16 << 20 })
  return join(outDir, 'index.js')
}

/** Runs `fn` under the CPU profiler of the (only) isolate behind the inspector on `port`. */
async function withProfiler<T>(port: number, fn: () => Promise<T>) {
  const list = await fetch(`http://127.0.0.1:${port}/json/list`)
  const [target] = (await list.json()) as { webSocketDebuggerUrl: string }[]
  if (!target) throw new Error('the inspector lists no isolate')
  const devtools = await connect(target.webSocketDebuggerUrl)
  try {
    await devtools.call('Profiler.enable')
    await devtools.call('Profiler.setSamplingInterval', { interval: INTERVAL_US })
    await devtools.call('Profiler.start')
    const value = await fn()
    const { profile } = await devtools.call<{ profile: CpuProfile }>('Profiler.stop')
    return { value, profile }
  } finally {
    devtools.close()
  }
}

/** Profiles `seconds` of logins at `connections` against a fresh, unminified service. */
export async function profileLogin(
  ctx: MatrixContext,
  service: WorkerSpec,
  dir: string,
  rateLimitModule: string,
  options: { seconds: number; connections: number },
): Promise<ProfileResult> {
  const bundlePath = await buildUnminified(dir)
  const [port, inspector] = (await freePorts(2)) as [number, number]
  const server = await startWorkerd({
    dir,
    name: 'profile',
    workers: [{ ...service, module: relative(dir, bundlePath), port }],
    rateLimitModule,
    readyPaths: { [service.name]: '/.well-known/jwks.json' },
    args: [`--inspector-addr=127.0.0.1:${inspector}`],
  })
  try {
    const { value: result, profile } = await withProfiler(inspector, () =>
      runPoint({
        baseUrl: server.urls[service.name] as string,
        source: { kind: 'login', path: '/auth/login', users: ctx.users },
        connections: options.connections,
        warmupMs: 0,
        durationMs: options.seconds * 1000,
        maxRequests: ctx.maxRequests,
        timeoutS: 30,
        cpu: [],
      }),
    )
    writeFileSync(join(dir, 'login.cpuprofile'), JSON.stringify(profile))
    return {
      scenario: 'login',
      connections: options.connections,
      requests: result.requests,
      intervalUs: INTERVAL_US,
      note: 'self time by area from V8 samples of an unminified build; shares are of active time',
      ...attribute(profile, readFileSync(bundlePath, 'utf8'), INTERVAL_US),
    }
  } finally {
    await server.stop()
  }
}
