/**
 * Loads each peer on workerd like our login: build, measure startup, start it in its own workerd,
 * give it the bench's users, run the login at each concurrency level with the CPU of its workerd
 * (and of the proxy and Postgres) from /proc, then check what it measured against Workers limits.
 */
import type { CpuTarget } from '../lib/load/cpu.ts'
import type { PointRecord } from '../lib/load/point.ts'
import type { Credentials } from '../lib/load/scenarios.ts'
import type { MatrixContext } from './matrix.ts'
import { checkLimits, type LimitCheck } from './peer-limits.ts'
import { PEER_WORKERS, type PeerWorker, peerVersion } from './peer-list.ts'
import { cpuPerResponse, peakRssMiB } from './peer-measures.ts'
import { measurePeerStartup, type PeerStartup } from './peer-startup.ts'
import { baseUrl, buildPeerWorker, type PeerServe, startPeerWorker } from './peer-workers.ts'
import { loadPeerLogin } from './peers.ts'

export interface PeerWorkerSummary {
  name: PeerWorker['name']
  pkg: string
  version: string
  hash: string
  hashMiB: number
  bundle: { bytes: number; gzipBytes: number }
  startup: PeerStartup
  /** workerd CPU over all its points ÷ their responses. */
  cpuMsPerLogin?: number
  peakRssMiB?: number
  limits: LimitCheck[]
}

export interface PeerWorkersInput {
  ctx: MatrixContext
  serve: Omit<PeerServe, 'vars'>
  /** The stack's database URL for the Worker (host: the local Neon proxy). */
  databaseUrl: string
  levels: number[]
  startupRuns: number
  log: (line: string) => void
  report: (point: PointRecord) => void
}

const REGISTER_PARALLEL = 4

/** Registers `users` through the peer's own registration route, a few at a time. */
async function registerUsers(url: string, users: Credentials[]): Promise<void> {
  for (let i = 0; i < users.length; i += REGISTER_PARALLEL) {
    const batch = users.slice(i, i + REGISTER_PARALLEL)
    await Promise.all(
      batch.map(async (user) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(user),
          signal: AbortSignal.timeout(30_000),
        })
        const body = await response.text()
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body}`)
      }),
    )
  }
}

/** The login at every level against a running peer; CPU of its workerd, the proxy, Postgres. */
async function loadPeer(peer: PeerWorker, url: string, pid: number, input: PeerWorkersInput) {
  const { ctx } = input
  const others = ctx.cpu.filter((t) => !('pid' in t) || t.name === 'proxy')
  const cpu: CpuTarget[] = [{ name: 'peer', pid }, ...others]
  return loadPeerLogin(ctx, peer, url, cpu, input.levels, input.report)
}

async function runOne(peer: PeerWorker, input: PeerWorkersInput) {
  const vars: Record<string, string> = peer.database
    ? { DATABASE_URL: input.databaseUrl, NEON_LOCAL_PROXY: 'true' }
    : {}
  const serve: PeerServe = { ...input.serve, vars }
  const built = await buildPeerWorker(peer, serve.workDir, serve.compatibilityDate, vars)
  const startup = await measurePeerStartup(peer, built, serve, input.startupRuns)
  input.log(
    `  ${peer.name}: ${(built.gzipBytes / 1024).toFixed(0)} KiB gzip; startup profile ` +
      `${startup.checkStartupMs.toFixed(1)} ms, first response ${startup.firstResponseMs.toFixed(0)} ms`,
  )
  const server = await startPeerWorker(peer, built, serve)
  let points: PointRecord[]
  let rss: number | undefined
  try {
    const url = baseUrl(server)
    if (peer.registerPath) await registerUsers(`${url}${peer.registerPath}`, input.ctx.users)
    points = await loadPeer(peer, url, server.pid, input)
    rss = peakRssMiB(server.pid)
  } finally {
    await server.stop()
  }
  const cpuMsPerLogin = cpuPerResponse(points, 'peer')
  const summary: PeerWorkerSummary = {
    name: peer.name,
    pkg: peer.pkg,
    version: peerVersion(peer.pkg),
    hash: peer.hash,
    hashMiB: peer.hashMiB,
    bundle: { bytes: built.bytes, gzipBytes: built.gzipBytes },
    startup,
    cpuMsPerLogin,
    peakRssMiB: rss,
    limits: checkLimits({
      cpuMsPerLogin,
      startupCpuMs: startup.checkStartupMs,
      gzipBytes: built.gzipBytes,
      hashMiB: peer.hashMiB,
    }),
  }
  return { points, summary }
}

/** Every peer on workerd in turn, one workerd process each. */
export async function runPeerWorkers(input: PeerWorkersInput) {
  const points: PointRecord[] = []
  const summaries: PeerWorkerSummary[] = []
  for (const peer of PEER_WORKERS) {
    const one = await runOne(peer, input)
    points.push(...one.points)
    summaries.push(one.summary)
  }
  return { points, summaries }
}
