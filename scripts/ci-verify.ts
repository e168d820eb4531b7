/**
 * Fails CI loudly unless the Worker tests really ran against Postgres (the global setup records
 * the backend it used), vitest's JSON report shows tests run with none skipped, and the console
 * output of the whole suite (every request's log line) holds no secret: no JWT, no password
 * hash, none of the tests' passwords or peppers, no mailed link. With REQUIRE_E2E=1, the
 * browser test must have run to the end (it writes test-results/e2e.json and its screenshots).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? 'test-results'
const fail = (message: string): never => {
  console.error(`ci-verify: FAIL: ${message}`)
  process.exit(1)
}

const backend = JSON.parse(readFileSync(join(dir, 'backend.json'), 'utf8')) as {
  backend: string
  database: string
}
if (backend.backend !== 'postgres')
  fail(`the Worker tests ran against ${backend.backend}, not Postgres`)

const report = JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8')) as {
  numTotalTests: number
  numPassedTests: number
  numPendingTests: number
  numTodoTests: number
  numFailedTests: number
}
if (report.numTotalTests === 0) fail('no tests ran')
if (report.numPendingTests > 0 || report.numTodoTests > 0) {
  fail(`${report.numPendingTests + report.numTodoTests} tests were skipped`)
}
if (report.numFailedTests > 0 || report.numPassedTests !== report.numTotalTests)
  fail('not every test passed')

const consoleLog = readFileSync(join(dir, 'console.log'), 'utf8')
const requestLines = consoleLog
  .split('\n')
  .filter((line) => line.startsWith('{"level"') && line.includes('"requestId"'))
if (requestLines.length < 500) fail(`only ${requestLines.length} request log lines were captured`)
const SECRETS: Array<[string, RegExp]> = [
  ['a JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./],
  ['a password hash', /\$pbkdf2-sha256(-chained)?\$/],
  ['a test password', /correct horse battery staple|a brand new passphrase/],
  ['a test secret or pepper', /test-secret-that-is-at-least-32-bytes|pepper-pepper-pepper/],
  ['a mailed link (src/mail/ logs kind and request id only)', /#token=/],
]
for (const [what, pattern] of SECRETS) {
  const line = consoleLog.split('\n').find((entry) => pattern.test(entry))
  if (line) fail(`the suite's console output contains ${what}: ${line.slice(0, 120)}...`)
}
if (process.env.REQUIRE_E2E === '1') {
  const e2e = JSON.parse(readFileSync(join(dir, 'e2e.json'), 'utf8')) as {
    ran: boolean
    screenshots: string[]
  }
  if (e2e.ran !== true || e2e.screenshots.length === 0)
    fail('the browser test did not run to the end')
}
console.log(
  `ci-verify: ${report.numPassedTests} tests passed, Worker tests on Postgres (${backend.database}); ` +
    `${requestLines.length} request log lines hold no secret`,
)
