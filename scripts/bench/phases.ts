/**
 * The bench's phases, in order: seed users and tokens, the scenario × concurrency matrix, the
 * fixed-rate login run, startup, and the peers. Each phase logs what it does to stderr.
 */

import type { CpuTarget } from '../lib/load/cpu.ts'
import type { PointRecord } from '../lib/load/point.ts'
import { pointRow } from '../lib/load/points-table.ts'
import { loginTokens, makeUsers, registerUsers } from '../lib/load/seed.ts'
import type { LocalStack } from '../lib/workerd/local-stack.ts'
import type { BenchOptions } from './args.ts'
import { runFixedRateLogin } from './fixed-rate.ts'
import { type MatrixContext, runMatrix } from './matrix.ts'
import { type PeerWorkerSummary, runPeerWorkers } from './peer-workers-run.ts'
import { ensurePeersInstalled, runPeers, seedPeers } from './peers.ts'
import { type ProfileResult, profileLogin } from './profile.ts'
import { seedScenarioData } from './scenario-data.ts'
import { measureStartup, type StartupResult } from './startup.ts'

export const log = (line: string) => process.stderr.write(`${line}\n`)

/** Access tokens /auth/me cycles through (each a live session). */
const ME_TOKENS = 32

/** Seeds the users through the Worker and gathers what the matrix needs. */
export async function prepare(
  stack: LocalStack,
  options: BenchOptions,
  runId: string,
): Promise<MatrixContext> {
  const users = makeUsers(options.users, runId)
  const main = stack.urls.main as string
  const started = performance.now()
  await registerUsers(main, users)
  const access = await loginTokens(main, users, ME_TOKENS)
  log(`seeded ${users.length} users through POST /auth/register in ${ms(started)}`)
  const more = performance.now()
  const extras = await seedScenarioData(main, stack.db.databaseUrl, options.scenarios, {
    quick: options.quick,
    runId,
  })
  const links = extras.resetUsers.length + extras.verifyUsers.length
  const factors = `${extras.totp.length} with TOTP, ${extras.passkeys.length} with a passkey`
  log(`seeded ${links} users for links, ${factors} through the API in ${ms(more)}`)
  const cpu: CpuTarget[] = [
    { name: 'workerd', pid: stack.workerd.pid },
    { name: 'proxy', pid: stack.db.child.pid as number },
  ]
  if (stack.db.backend === 'postgres') cpu.push({ name: 'postgres', postgres: true })
  return {
    urls: stack.urls,
    users,
    accessTokens: access.map((pair) => pair.token),
    runId,
    cpu,
    warmupMs: options.warmupS * 1000,
    durationMs: options.durationS * 1000,
    maxRequests: options.maxRequests,
    dbCounter: { proxyUrl: stack.db.proxyUrl, databaseUrl: stack.db.databaseUrl },
    extras,
  }
}

const ms = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

/** One line per finished point, and a live line on a terminal. */
const printPoint = (p: PointRecord) => log(`  ${pointRow(p).join('  ')}`)
const live = process.stderr.isTTY
  ? (scenario: string, connections: number, p: { phase: string; requests: number }) =>
      process.stderr.write(
        `\r\x1b[K  ${scenario} c=${connections} ${p.phase} ${p.requests} responses`,
      )
  : undefined

/** Every run of every point, then the fixed-rate login as many times. */
export async function matrixPhase(ctx: MatrixContext, options: BenchOptions) {
  const { scenarios, connections: levels, repeats } = options
  log(
    `load: ${scenarios.join(', ')} at ${levels.join(', ')} connections, ` +
      `${options.warmupS} s warm-up + ${options.durationS} s each, ${repeats} time(s)`,
  )
  const runs = await runMatrix(
    ctx,
    { scenarios, levels, repeats },
    (p) => {
      if (live) process.stderr.write('\r\x1b[K')
      printPoint(p)
    },
    live,
  )
  const fixedRuns: PointRecord[] = []
  if (scenarios.includes('login') && scenarios.includes('pbkdf2')) {
    log('load: login open loop at half the PBKDF2 ceiling')
    for (let repeat = 1; repeat <= repeats; repeat++) {
      const run = await runFixedRateLogin(ctx, runs, Math.max(...levels))
      if (!run) break
      fixedRuns.push({ ...run, repeat })
      printPoint(run)
    }
  }
  return { runs, fixedRuns }
}

export async function startupPhase(
  stack: LocalStack,
  dir: string,
  runs: number,
): Promise<StartupResult> {
  log(`startup: wrangler check startup and workerd spawn → first response, ${runs} run(s) each`)
  const service = stack.workers.find((w) => w.name === 'main')
  const hello = stack.workers.find((w) => w.name === 'hello')
  if (!service || !hello) throw new Error('startup needs the service and the hello baseline')
  return measureStartup(dir, { service, hello }, stack.rateLimitModule, runs)
}

/** A CPU profile of logins in a separate, unminified workerd: where the CPU goes. */
export async function profilePhase(
  stack: LocalStack,
  ctx: MatrixContext,
  dir: string,
  seconds: number,
): Promise<ProfileResult | undefined> {
  const service = stack.workers.find((w) => w.name === 'main')
  if (!service || seconds <= 0) return undefined
  log(`profile: ${seconds} s of logins under the V8 CPU profiler (unminified build)`)
  return profileLogin(ctx, service, dir, stack.rateLimitModule, { seconds, connections: 4 })
}

/**
 * Installs (if needed), seeds and loads the peers against the stack's scratch database: the Node
 * peers, then the peers on workerd (peer-workers-run.ts), each in its own workerd process.
 */
export async function peersPhase(
  ctx: MatrixContext,
  options: BenchOptions,
  postgresUrl: string,
  stack: LocalStack,
  workDir: string,
): Promise<{ points: PointRecord[]; workers: PeerWorkerSummary[] }> {
  await ensurePeersInstalled(log)
  const url = new URL(postgresUrl)
  url.pathname = `/${stack.db.database}`
  const started = performance.now()
  await seedPeers(url.toString(), ctx.users)
  log(`peers: seeded ${ctx.users.length} users into each peer in ${ms(started)}`)
  const nodePoints = await runPeers(ctx, url.toString(), options.connections, printPoint)
  log('peers on workerd: build, startup, load (one workerd process each)')
  // Our compatibility date: the same runtime behaviour as the service's.
  const main = stack.workers.find((w) => w.name === 'main')
  if (!main) throw new Error('the peers on workerd need the service spec')
  const workers = await runPeerWorkers({
    ctx,
    serve: {
      workDir,
      rateLimitModule: stack.rateLimitModule,
      compatibilityDate: main.compatibilityDate,
    },
    databaseUrl: stack.db.databaseUrl,
    levels: options.connections,
    startupRuns: options.startupRuns,
    log,
    report: printPoint,
  })
  return { points: [...nodePoints, ...workers.points], workers: workers.summaries }
}
