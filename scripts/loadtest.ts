/**
 * `npm run loadtest -- --url https://<worker>`: load-tests a deployed edge-auth. Creates test
 * users (or reads --users), then steps concurrency (--connections) or holds a rate (--rate) for
 * each --scenario, every point bounded by --duration and --max-requests, with a live progress
 * line on stderr; prints a table, explains 429s, states the hash-bound ceiling, and saves JSON
 * (bench/results/loadtest-<date>.json). The load generator runs in its own process.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { pointsTable } from './lib/load/points-table.ts'
import { machineInfo, stamp } from './lib/load/run-info.ts'
import { type LoadtestOptions, parseLoadtestArgs } from './loadtest/args.ts'
import { estimateCeiling, measureCeiling } from './loadtest/ceiling.ts'
import { ceilingLines, rateLimitReport } from './loadtest/report.ts'
import { runLoadtest } from './loadtest/run.ts'
import { createUsers, readUsers } from './loadtest/users.ts'

const log = (line: string) => process.stderr.write(`${line}\n`)

async function main(options: LoadtestOptions): Promise<void> {
  const started = new Date()
  const users = options.usersFile
    ? readUsers(options.usersFile)
    : await createUsers(options.url, options.createUsers, options.usersOut)
  log(
    options.usersFile
      ? `users: ${users.length} from ${options.usersFile}`
      : `users: created ${users.length}, saved to ${options.usersOut}`,
  )
  const points = await runLoadtest(options, users)
  const ceiling = options.ceiling ? await measureCeiling() : estimateCeiling()
  const limits = rateLimitReport(points)
  const lines = [...limits.lines, ...ceilingLines(ceiling, points)]
  console.log(`\n${pointsTable(points, false)}\n\n${lines.join('\n')}`)
  const out = options.out ?? `bench/results/loadtest-${stamp(started)}.json`
  const { usersFile: _file, ...shown } = options
  const record = {
    kind: 'edge-auth-loadtest',
    date: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    url: options.url,
    options: shown,
    users: users.length,
    generator: { machine: machineInfo(), node: process.version },
    points,
    rateLimit: { count429: limits.count429, explanation: limits.lines },
    ceiling,
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`)
  log(`\nloadtest: wrote ${out}`)
}

let options: LoadtestOptions
try {
  options = parseLoadtestArgs(process.argv.slice(2))
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}
// Every point is bounded on its own; this bounds the whole run (user creation, retries, all).
setTimeout(() => {
  log(`loadtest: over the time budget of ${options.budgetS} s; stopping`)
  process.exit(3)
}, options.budgetS * 1000).unref()
main(options).then(
  () => process.exit(0),
  (error: Error) => {
    log(`loadtest failed: ${error.stack ?? error}`)
    process.exit(1)
  },
)
