/**
 * The peers on Node (bench/peers): the seed article's Fastify + bcrypt login and Better Auth's
 * email sign-in, each a Node 24 process on loopback against the same Postgres (scratch database,
 * own schemas), seeded with the bench's users, loaded like our login, CPU from their /proc stat.
 * The same Better Auth, and OpenAuth, also run on workerd (peer-workers-run.ts); the Node ones
 * stay because they are cheap and show what the runtime changes. Their dependencies live in
 * bench/peers/package.json and are installed on demand.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { waitForLine } from '../lib/child-process/ready.ts'
import { spawnChild } from '../lib/child-process/spawn.ts'
import type { CpuTarget } from '../lib/load/cpu.ts'
import type { PointRecord } from '../lib/load/point.ts'
import { runPoint } from '../lib/load/run-point.ts'
import type { Credentials } from '../lib/load/scenarios.ts'
import type { MatrixContext } from './matrix.ts'

const run = promisify(execFile)
const PEERS_DIR = new URL('../../bench/peers/', import.meta.url).pathname

export interface PeerDef {
  name: 'seed-article' | 'better-auth'
  script: string
  loginPath: string
  /** What it hashes passwords with, read from its code (see docs/performance.md). */
  hash: string
}

export const PEERS: PeerDef[] = [
  {
    name: 'seed-article',
    script: 'seed-article.ts',
    loginPath: '/auth/login',
    hash: 'bcrypt cost 10 (2^10 rounds of Blowfish key setup), native bcrypt@6 on the libuv pool',
  },
  {
    name: 'better-auth',
    script: 'better-auth-server.ts',
    loginPath: '/api/auth/sign-in/email',
    hash: 'scrypt N=16384 (2^14), r=16, p=1, 64-byte key (32 MiB), node:crypto on the libuv pool',
  },
]

/**
 * The dependencies of `dir`'s package.json that its node_modules lacks or holds at another
 * version than the pinned one (a checkout that gained a peer since the last install).
 */
export function stalePeerDeps(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
  }
  return Object.entries(pkg.dependencies ?? {})
    .filter(([name, pinned]) => {
      const installed = join(dir, 'node_modules', name, 'package.json')
      if (!existsSync(installed)) return true
      return (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version !== pinned
    })
    .map(([name]) => name)
}

/** `npm ci` in bench/peers when a pinned dependency is missing (never the root package). */
export async function ensurePeersInstalled(log: (line: string) => void): Promise<void> {
  const stale = stalePeerDeps(PEERS_DIR)
  if (stale.length === 0) return
  log(`peers: npm ci --prefix bench/peers (missing or changed: ${stale.join(', ')})`)
  await run('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], { timeout: 300_000 })
}

/** Creates the peers' tables and seeds both with `users` (bcrypt and scrypt take a while). */
export async function seedPeers(databaseUrl: string, users: Credentials[]): Promise<void> {
  const child = spawn(process.execPath, [`${PEERS_DIR}seed-users.ts`], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'ignore', 'inherit'],
    timeout: 300_000,
  })
  child.stdin?.end(JSON.stringify(users))
  const code = await new Promise((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`bench/peers/seed-users.ts exited with ${code}`)
}

interface RunningPeer {
  pid: number
  url: string
  stop(): Promise<void>
}

/** Starts a peer on a free port; its first stdout line is `{"port": n}` once it listens. */
async function startPeer(peer: PeerDef, databaseUrl: string): Promise<RunningPeer> {
  const child = spawnChild(process.execPath, [`${PEERS_DIR}${peer.script}`], {
    name: peer.name,
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stderr: 'ignore',
  })
  const { port } = await waitForLine(child, 30_000, (line) => JSON.parse(line) as { port: number })
  return {
    pid: child.process.pid as number,
    url: `http://127.0.0.1:${port}`,
    stop: () => child.stop(),
  }
}

/** A peer's login at each level, with the bench's users; `cpu` names what is measured. */
export async function loadPeerLogin(
  ctx: MatrixContext,
  peer: { name: string; loginPath: string },
  url: string,
  cpu: CpuTarget[],
  levels: number[],
  report: (point: PointRecord) => void,
): Promise<PointRecord[]> {
  const points: PointRecord[] = []
  for (const connections of levels) {
    const result = await runPoint({
      baseUrl: url,
      source: { kind: 'login', path: peer.loginPath, users: ctx.users },
      connections,
      warmupMs: ctx.warmupMs,
      durationMs: ctx.durationMs,
      maxRequests: ctx.maxRequests,
      timeoutS: 30,
      cpu,
    })
    const point: PointRecord = {
      scenario: `peer:${peer.name}`,
      group: 'peer',
      connections,
      mode: 'closed',
      ...result,
    }
    points.push(point)
    report(point)
  }
  return points
}

/** Each peer's login at each level; CPU of the peer's process and of Postgres. */
export async function runPeers(
  ctx: MatrixContext,
  databaseUrl: string,
  levels: number[],
  report: (point: PointRecord) => void,
): Promise<PointRecord[]> {
  const points: PointRecord[] = []
  for (const peer of PEERS) {
    const running = await startPeer(peer, databaseUrl)
    try {
      const postgres = ctx.cpu.filter((t) => !('pid' in t))
      const cpu: CpuTarget[] = [{ name: 'peer', pid: running.pid }, ...postgres]
      points.push(...(await loadPeerLogin(ctx, peer, running.url, cpu, levels, report)))
    } finally {
      await running.stop()
    }
  }
  return points
}
