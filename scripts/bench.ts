/**
 * `npm run bench`: builds the Worker as deploy would, serves it with workerd directly next to
 * three baseline workers (hello world, PBKDF2 only, one query), seeds users, loads each scenario
 * from a separate process at a few concurrency levels, `--repeats` times, measures CPU from /proc
 * and database round trips at the local proxy, and prints and saves the medians (bench/results/
 * <date>.json, latest.json, latest.svg). `--peers` adds the seed article's login and Better
 * Auth's. Bounded in time by --budget (default 25 minutes).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BenchOptions, parseBenchArgs } from './bench/args.ts'
import { attackerCostTable } from './bench/attacker-cost.ts'
import { renderChart } from './bench/chart.ts'
import { sortPoints } from './bench/matrix.ts'
import { hashEntries, hashNotes, rateLimitNote, SCENARIO_NOTES } from './bench/notes.ts'
import { ourLogin, peersTable } from './bench/peer-table.ts'
import {
  log,
  matrixPhase,
  peersPhase,
  prepare,
  profilePhase,
  startupPhase,
} from './bench/phases.ts'
import { computeRatios, cpuPerRequest } from './bench/ratios.ts'
import { summarize } from './bench/repeats.ts'
import { RESULTS_DIR, versions, writeResults } from './bench/results.ts'
import { profileTable, ratiosTable } from './bench/table.ts'
import { pointsTable } from './lib/load/points-table.ts'
import { machineInfo, stamp } from './lib/load/run-info.ts'
import { DEFAULT_POSTGRES, type LocalStack, startLocalStack } from './lib/workerd/local-stack.ts'
import { readWorkerConfig } from './lib/workerd/wrangler-config.ts'

const cleanups: (() => Promise<void>)[] = []
async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {})
}

function abort(reason: string, code: number): void {
  log(`bench: ${reason}; stopping`)
  void cleanup().then(() => process.exit(code))
}

/** Everything measured, in one record (the JSON written to bench/results). */
async function measure(options: BenchOptions, started: Date) {
  const runId = stamp(started)
    .replace(/[^0-9]/g, '')
    .slice(2, 14)
  const workDir = mkdtempSync(join(tmpdir(), 'edge-auth-bench-'))
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }))
  const postgresUrl = options.pglite
    ? undefined
    : (process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_POSTGRES)
  if (options.peers && !postgresUrl) throw new Error('--peers needs Postgres (drop --pglite)')
  log(
    `bench: building the Worker and the baselines; database ${postgresUrl ? 'Postgres (scratch)' : 'PGlite'}`,
  )
  const stack: LocalStack = await startLocalStack({
    workDir,
    postgresUrl,
    rateLimit: options.rateLimit,
    baselines: true,
  })
  cleanups.push(stack.stop)
  const ctx = await prepare(stack, options, runId)
  const { runs, fixedRuns } = await matrixPhase(ctx, options)
  const startup = await startupPhase(stack, workDir, options.startupRuns)
  const profile = await profilePhase(stack, ctx, workDir, options.profileS)
  const peers =
    options.peers && postgresUrl
      ? await peersPhase(ctx, options, postgresUrl, stack, workDir)
      : undefined
  const peerPoints = peers?.points ?? []
  // Every figure below is the median of a point's runs (scripts/bench/repeats.ts).
  const all = sortPoints(summarize([...runs, ...peerPoints]))
  const [fixedRate] = summarize(fixedRuns)
  const config = readWorkerConfig()
  const limits = config.ratelimits.map((r) => r.name)
  const iterations = Number(config.vars.PASSWORD_ITERATIONS)
  return {
    kind: 'edge-auth-bench',
    date: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    machine: machineInfo(),
    versions: versions(),
    options,
    database: stack.db.backend,
    bundle: stack.bundle,
    baselineBundles: stack.baselineBundles,
    startup,
    profile,
    points: all,
    peerWorkers: peers?.workers,
    fixedRate,
    runs: [...runs, ...peerPoints, ...fixedRuns],
    ratios: computeRatios({ points: all, fixedRate, bundle: stack.bundle, startup }),
    attackerCost: hashEntries(all, iterations),
    notes: [...SCENARIO_NOTES, rateLimitNote(limits, options.rateLimit), ...hashNotes(iterations)],
  }
}

/** Prints the tables and notes, draws the chart, writes the files. */
async function report(record: Awaited<ReturnType<typeof measure>>, started: Date) {
  const { points, fixedRate, ratios, notes, machine, options, profile, attackerCost } = record
  console.log(
    `\n${pointsTable(fixedRate ? [...points, fixedRate] : points)}\n\n${ratiosTable(ratios)}\n`,
  )
  console.log(`${attackerCostTable(attackerCost)}\n`)
  if (profile) console.log(`${profileTable(profile, cpuPerRequest(points, 'login', 'workerd'))}\n`)
  if (record.peerWorkers)
    console.log(
      `${peersTable(points, record.peerWorkers, ourLogin(record.startup, record.bundle))}\n`,
    )
  console.log(notes.join('\n'))
  const title = `edge-auth bench ${record.date.slice(0, 16)}Z, ${machine.cpu} x${machine.cores}, ${record.database}`
  const svg = await renderChart(points, title)
  const name = `${stamp(started)}${options.quick ? '-quick' : ''}${options.peers ? '-peers' : ''}`
  const written = writeResults(RESULTS_DIR, name, record, svg, !options.quick)
  log(`\nbench: wrote ${written.join(', ')} in ${record.durationS.toFixed(0)} s`)
}

let options: BenchOptions
try {
  options = parseBenchArgs(process.argv.slice(2))
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}
setTimeout(
  () => abort(`over the time budget of ${options.budgetS} s`, 3),
  options.budgetS * 1000,
).unref()
process.once('SIGINT', () => abort('interrupted', 130))
process.once('SIGTERM', () => abort('terminated', 143))
try {
  const started = new Date()
  await report(await measure(options, started), started)
  await cleanup()
  process.exit(0)
} catch (error) {
  log(`bench failed: ${(error as Error).stack ?? error}`)
  await cleanup()
  process.exit(1)
}
