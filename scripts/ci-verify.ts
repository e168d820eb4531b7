/**
 * Fails CI loudly unless the suite really ran as CI means it to:
 *  - the Worker tests ran against Postgres (the global setup records the backend it used);
 *  - every test passed and none was skipped, and each vitest project ran at least its minimum
 *    number of tests (a file or a project that silently registers nothing shows up here);
 *  - the node tests that need Postgres (TEST_DATABASE_URL) ran, by name;
 *  - with REQUIRE_E2E=1, the browser test ran to the end (test-results/e2e.json);
 *  - no log of the run holds a secret (no JWT, password hash, test password, secret or pepper):
 *    the suite's console output (every request's log line), the local database's log, and the
 *    browser test's `wrangler dev` and local database logs.
 *
 *   node scripts/ci-verify.ts [test-results]
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? 'test-results'
const requireE2e = process.env.REQUIRE_E2E === '1'
const fail = (message: string): never => {
  console.error(`ci-verify: FAIL: ${message}`)
  process.exit(1)
}

/**
 * Passed tests each project must reach (vitest.config.ts projects). Raise them as tests are
 * added; lowering one is a decision to state in the commit that removes tests.
 */
const MINIMUM_TESTS = { workers: 810, node: 288, e2e: 13 }
/** Node tests that only run with TEST_DATABASE_URL: at least one passed test under each name. */
const POSTGRES_NODE_TESTS = [
  'neon-http through the proxy (postgres)',
  'WebSocket pipe through the proxy (postgres)',
  'types through the proxy (postgres)',
  'sessions kept apart (postgres)',
  'fault injection (postgres)',
  'neon-proxy CLI uses DATABASE_URL as a Postgres backend',
]
/** The logs every run leaves, and those the browser test adds. */
const LOGS = ['console.log', 'local-db.log']
const E2E_LOGS = ['e2e-wrangler-dev.log', 'e2e-local-db.log']
const SECRETS: Array<[string, RegExp]> = [
  ['a JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./],
  ['a password hash', /\$pbkdf2-sha256(-chained)?\$/],
  ['a test password', /correct horse battery staple|a brand new passphrase/],
  [
    'a test secret, lockout key, MFA key or pepper (vitest.config.ts)',
    /test-secret-that-is-at-least-32-bytes|test-lockout-key-of-32-bytes|ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM|pepper-pepper-pepper/,
  ],
  ['a mailed link (src/mail/ logs kind and request id only)', /#token=/],
]

type Project = keyof typeof MINIMUM_TESTS
interface TestResult {
  fullName: string
  status: string
}
interface Report {
  numTotalTests: number
  numPassedTests: number
  numPendingTests: number
  numTodoTests: number
  numFailedTests: number
  testResults: { name: string; assertionResults: TestResult[] }[]
}

/** The project of a test file, by the include globs of vitest.config.ts. */
function projectOf(file: string): Project {
  if (file.includes('/test/node/')) return 'node'
  if (file.includes('/test/e2e/')) return 'e2e'
  return 'workers'
}

const backend = JSON.parse(readFileSync(join(dir, 'backend.json'), 'utf8')) as {
  backend: string
  database: string
}
if (backend.backend !== 'postgres')
  fail(`the Worker tests ran against ${backend.backend}, not Postgres`)

const report = JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8')) as Report
if (report.numTotalTests === 0) fail('no tests ran')
if (report.numPendingTests > 0 || report.numTodoTests > 0) {
  const skipped = report.testResults.flatMap((file) =>
    file.assertionResults.filter((t) => t.status !== 'passed' && t.status !== 'failed'),
  )
  fail(`${skipped.length} tests were skipped: ${skipped.map((t) => t.fullName).join('; ')}`)
}
if (report.numFailedTests > 0 || report.numPassedTests !== report.numTotalTests)
  fail('not every test passed')

const passed: Record<Project, TestResult[]> = { workers: [], node: [], e2e: [] }
for (const file of report.testResults)
  for (const test of file.assertionResults)
    if (test.status === 'passed') passed[projectOf(file.name)].push(test)
for (const [project, minimum] of Object.entries(MINIMUM_TESTS) as [Project, number][]) {
  if (project === 'e2e' && !requireE2e) continue
  const count = passed[project].length
  if (count < minimum)
    fail(`project ${project}: ${count} tests passed, at least ${minimum} expected`)
}
for (const name of POSTGRES_NODE_TESTS) {
  if (!passed.node.some((test) => test.fullName.startsWith(name)))
    fail(`no test "${name}..." passed: the node tests did not run against Postgres`)
}

const logs = [...LOGS, ...(requireE2e ? E2E_LOGS : [])]
let requestLines = 0
for (const log of logs) {
  const path = join(dir, log)
  if (!existsSync(path)) fail(`${path} is missing: that output was not captured`)
  const lines = readFileSync(path, 'utf8').split('\n')
  if (log === 'console.log')
    requestLines = lines.filter((l) => l.startsWith('{"level"') && l.includes('"requestId"')).length
  for (const [what, pattern] of SECRETS) {
    const line = lines.find((entry) => pattern.test(entry))
    if (line) fail(`${path} contains ${what}: ${line.slice(0, 120)}...`)
  }
}
if (requestLines < 500) fail(`only ${requestLines} request log lines were captured`)

if (requireE2e) {
  const e2e = JSON.parse(readFileSync(join(dir, 'e2e.json'), 'utf8')) as {
    ran: boolean
    screenshots: string[]
  }
  if (e2e.ran !== true || e2e.screenshots.length === 0)
    fail('the browser test did not run to the end')
}
const counts = (Object.keys(MINIMUM_TESTS) as Project[])
  .map((project) => `${project} ${passed[project].length}`)
  .join(', ')
console.log(
  `ci-verify: ${report.numPassedTests} tests passed (${counts}), Worker tests on Postgres ` +
    `(${backend.database}), the Postgres node tests ran; ${logs.join(', ')} hold no secret ` +
    `(${requestLines} request log lines)`,
)
