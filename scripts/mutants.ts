/**
 * `npm run test:mutants`: applies each deliberate break of test/mutants/mutants.ts, runs only the
 * tests that must notice it, and fails if any mutant survives.
 *
 *   node scripts/mutants.ts [--only id,id] [--audit] [--no-baseline]
 *
 * First every entry is checked (its text to break occurs exactly once, the result parses, its
 * tests exist): a stale entry fails the run before anything else. Then one vitest instance runs
 * the listed test files unmutated (the baseline: they must pass, or no kill means anything), and
 * each mutant against its tests. A mutant is served from memory through a Vite plugin
 * (scripts/mutants/plugin.ts), never written to disk, so nothing is left behind however the run
 * ends; and it only counts if the tests really loaded the mutated file. --audit runs every mutant
 * against every committed Worker test file instead (slow: to find what the whole suite misses;
 * read its kills, since a test that cannot run twice on one database fails on its own there).
 * Tests that run the Worker outside vitest (the browser test, the load test) cannot kill a mutant.
 *
 * One database serves the whole run, so a mutant's tests must be able to run again and again
 * against it: fresh users and client addresses each time, as the listed ones do.
 *
 * Needs TEST_DATABASE_URL (the concurrency and atomicity tests need real Postgres). Results go to
 * test-results/mutants/ (TEST_RESULTS_DIR), so a CI run's own results are left alone.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { MUTANTS } from '../test/mutants/mutants.ts'
import { type PreparedMutant, prepareAll, projectOf } from './mutants/apply.ts'
import { openSession } from './mutants/session.ts'
import { printVerdict, type Verdict, verdictOf } from './mutants/verdict.ts'

const ROOT = resolve(import.meta.dirname, '..')
/** A mutant that hangs its tests counts as killed (as in StrykerJS) once this has passed. */
const MUTANT_TIMEOUT_MS = 120_000
/** --audit runs the whole Worker suite per mutant. */
const AUDIT_TIMEOUT_MS = 900_000

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    audit: { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
  },
})
process.chdir(ROOT)
if (!process.env.TEST_DATABASE_URL) {
  console.error(
    'mutants: set TEST_DATABASE_URL (postgres://...): the tests that kill them need Postgres',
  )
  process.exit(2)
}
process.env.TEST_RESULTS_DIR ??= 'test-results/mutants'
const results = process.env.TEST_RESULTS_DIR

const { prepared: all, problems } = prepareAll(MUTANTS, ROOT, { checkTests: !values.audit })
if (problems.length) {
  for (const problem of problems) console.error(`mutants: ${problem}`)
  console.error(
    'mutants: the list is stale or malformed (test/mutants/mutants.ts); nothing was run',
  )
  process.exit(1)
}
const only = values.only?.split(',').map((id) => id.trim())
const unknown = only?.filter((id) => !all.some((p) => p.mutant.id === id)) ?? []
if (unknown.length) {
  console.error(`mutants: no such mutant: ${unknown.join(', ')}`)
  process.exit(2)
}
const selected = all.filter((p) => !only || only.includes(p.mutant.id))
if (values.audit) {
  // The committed suite (git's index), so that an audit measures what the repository holds.
  const tracked = execFileSync('git', ['ls-files', '-z', 'test'], { cwd: ROOT, encoding: 'utf8' })
  const workers = tracked
    .split('\0')
    .filter((file) => projectOf(file) === 'workers')
    .map((file) => ({ project: 'workers' as const, file: resolve(ROOT, file) }))
  for (const p of selected) p.tests = workers
}

const started = Date.now()
const session = await openSession([
  ...new Set(selected.flatMap((p) => p.tests.map((t) => t.project))),
])
const stop = (signal: string) => {
  console.error(`mutants: ${signal}: stopping (nothing on disk was changed)`)
  void session.close().finally(() => process.exit(130))
}
process.once('SIGINT', () => stop('SIGINT'))
process.once('SIGTERM', () => stop('SIGTERM'))

const verdicts: Verdict[] = []
try {
  if (!values['no-baseline']) await baseline(selected)
  for (const p of selected) {
    const outcome = await session.run(p.tests, {
      code: p.code,
      only: values.audit ? undefined : p.mutant.only,
      timeoutMs: values.audit ? AUDIT_TIMEOUT_MS : MUTANT_TIMEOUT_MS,
    })
    const verdict = verdictOf(p, outcome, ROOT)
    printVerdict(verdict)
    verdicts.push(verdict)
  }
} finally {
  await session.close()
}

const count = (status: Verdict['status']) => verdicts.filter((v) => v.status === status).length
const seconds = ((Date.now() - started) / 1000).toFixed(1)
mkdirSync(results, { recursive: true })
writeFileSync(`${results}/mutants.json`, `${JSON.stringify({ seconds, verdicts }, null, 2)}\n`)
console.log(
  `mutants: ${count('killed')} killed, ${count('survived')} survived, ${count('error')} errors ` +
    `of ${verdicts.length}, in ${seconds} s (${results}/mutants.json)`,
)
process.exit(count('killed') === verdicts.length ? 0 : 1)

/** The listed tests must pass unmutated, or a "kill" would mean nothing. */
async function baseline(mutants: PreparedMutant[]): Promise<void> {
  const tests = new Map(mutants.flatMap((p) => p.tests).map((t) => [t.file, t]))
  const outcome = await session.run([...tests.values()], { timeoutMs: 600_000 })
  const files = [...tests.keys()].map((file) => relative(ROOT, file))
  if (outcome.failures.length || outcome.skipped) {
    for (const failure of outcome.failures) console.error(`mutants: baseline: ${failure}`)
    if (outcome.skipped) console.error(`mutants: baseline: ${outcome.skipped} tests were skipped`)
    console.error('mutants: the tests must pass, none skipped, before mutants mean anything')
    await session.close()
    process.exit(1)
  }
  console.log(
    `mutants: baseline: ${outcome.passed} tests in ${files.length} files pass unmutated ` +
      `(${(outcome.ms / 1000).toFixed(1)} s)`,
  )
}
