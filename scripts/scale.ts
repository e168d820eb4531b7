/**
 * `npm run scale`: the service with a realistic amount of data (issue 15, item 9). Serves the
 * Worker twice with workerd, each on its own scratch Postgres database; seeds one with 1 million
 * users, 1 million sessions and 10 million refresh tokens by SQL (--users, --sessions, --tokens);
 * measures login, refresh and `/auth/me` latency on both in alternating rounds (the same machine
 * noise on both sides of the ratio); runs the hourly prune on the seeded one run after run until
 * it finishes; and reports storage per row. Bounded by --budget (default 40 minutes).
 * Prints a summary and saves bench/results/scale-<date>.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { machineInfo, stamp } from './lib/load/run-info.ts'
import { makeUsers, registerUsers } from './lib/load/seed.ts'
import { DEFAULT_POSTGRES, startLocalStack } from './lib/workerd/local-stack.ts'
import { compareLatencies, type Latencies } from './scale/latency.ts'
import { PRUNE_LIMITS, pruneUntilDone } from './scale/prune-runs.ts'
import { seed, storage } from './scale/seed.ts'

const log = (line: string) => process.stderr.write(`${line}\n`)
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    sessions: { type: 'string', default: '1000000' },
    tokens: { type: 'string', default: '10000000' },
    requests: { type: 'string', default: '100' },
    logins: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    budget: { type: 'string', default: '2400' },
  },
})
const counts = {
  users: Number(values.users),
  sessions: Number(values.sessions),
  tokens: Number(values.tokens),
}
const requests = { login: Number(values.logins), other: Number(values.requests) }
/** LOGIN_LOCKOUT_MAX's default: how long an idle failure counter must be kept. */
const MAX_LOCKOUT_SECONDS = 900

async function main() {
  const started = new Date()
  const workDir = mkdtempSync(join(tmpdir(), 'edge-auth-scale-'))
  const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_POSTGRES
  const stack = (name: string) =>
    startLocalStack({ workDir: join(workDir, name), postgresUrl, rateLimit: 1e9, baselines: false })
  const stacks = { empty: await stack('empty'), seeded: await stack('seeded') }
  const scratch = new URL(postgresUrl)
  scratch.pathname = `/${stacks.seeded.db.database}`
  const client = new pg.Client({ connectionString: scratch.toString() })
  try {
    await client.connect()
    const runId = stamp(started).replace(/[^0-9]/g, '')
    const [user] = makeUsers(1, runId)
    if (!user) throw new Error('no user')
    const targets = {
      empty: { baseUrl: stacks.empty.urls.main as string, user },
      seeded: { baseUrl: stacks.seeded.urls.main as string, user },
    }
    for (const target of Object.values(targets)) await registerUsers(target.baseUrl, [user])
    const { rows } = await client.query<{ password_hash: string }>(
      'select password_hash from users where email = $1',
      [user.email],
    )
    const seedStarted = Date.now()
    await seed(client, counts, rows[0]?.password_hash ?? '', log)
    const seedS = Math.round((Date.now() - seedStarted) / 1000)
    const before = await storage(client)
    log(`scale: latency, empty and seeded databases in ${values.rounds} alternating rounds`)
    const latency = await compareLatencies(targets, requests, Number(values.rounds))
    const empty = latency.empty as Latencies
    const seeded = latency.seeded as Latencies
    const prune = await pruneUntilDone(stacks.seeded.db.databaseUrl, MAX_LOCKOUT_SECONDS, log)
    const after = await storage(client)
    const record = {
      kind: 'edge-auth-scale',
      date: started.toISOString(),
      durationS: (Date.now() - started.getTime()) / 1000,
      machine: machineInfo(),
      counts,
      requests: { ...requests, rounds: Number(values.rounds) },
      seedS,
      latency: { empty, seeded, ratio: ratios(empty, seeded) },
      pruneLimits: PRUNE_LIMITS,
      prune,
      storage: { seeded: before, afterPrune: after },
    }
    mkdirSync('bench/results', { recursive: true })
    const out = `bench/results/scale-${stamp(started)}.json`
    writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`)
    console.log(summary(record.latency, prune, before))
    log(`scale: saved ${out}`)
  } finally {
    await client.end().catch(() => {})
    for (const s of Object.values(stacks)) await s.stop()
    rmSync(workDir, { recursive: true, force: true })
  }
}

function ratios(empty: Latencies, seeded: Latencies) {
  const keys = ['login', 'refresh', 'me'] as const
  return Object.fromEntries(
    keys.map((k) => [k, Math.round((seeded[k].p50 / empty[k].p50) * 100) / 100]),
  )
}

function summary(
  latency: { empty: Latencies; seeded: Latencies; ratio: Record<string, number> },
  prune: Awaited<ReturnType<typeof pruneUntilDone>>,
  rows: Awaited<ReturnType<typeof storage>>,
): string {
  const lines = ['route     empty p50/p90 ms   seeded p50/p90 ms   seeded ÷ empty (p50)']
  for (const k of ['login', 'refresh', 'me'] as const) {
    const e = latency.empty[k]
    const s = latency.seeded[k]
    lines.push(
      `${k.padEnd(9)} ${`${e.p50} / ${e.p90}`.padEnd(18)} ${`${s.p50} / ${s.p90}`.padEnd(19)} ${latency.ratio[k]}`,
    )
  }
  const deleted = prune.reduce(
    (sum, run) => sum + run.result.refreshTokens + run.result.sessions,
    0,
  )
  const slowest = Math.max(...prune.map((run) => run.slowestStatementMs))
  lines.push(
    '',
    `prune: ${prune.length} runs, ${deleted.toLocaleString('en')} rows deleted, slowest statement ${slowest} ms, longest run ${Math.max(...prune.map((run) => run.ms))} ms`,
    `storage per row (with indexes): ${Object.entries(rows)
      .map(([table, s]) => `${table} ${s.bytesPerRow} B`)
      .join(', ')}`,
  )
  return lines.join('\n')
}

const budgetS = Number(values.budget)
const watchdog = setTimeout(() => {
  log(`scale: over the budget of ${budgetS} s; stopping`)
  process.exit(2)
}, budgetS * 1000)
watchdog.unref()
main().then(
  () => process.exit(0),
  (error) => {
    log(`scale: ${error instanceof Error ? error.stack : String(error)}`)
    process.exit(1)
  },
)
