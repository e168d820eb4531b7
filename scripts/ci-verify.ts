/**
 * Fails CI loudly unless the Worker tests really ran against Postgres: the global setup records
 * the backend it used, and vitest's JSON report must show tests run with none skipped.
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
if (report.numPendingTests > 0 || report.numTodoTests > 0)
  fail(`${report.numPendingTests + report.numTodoTests} tests were skipped`)
if (report.numFailedTests > 0 || report.numPassedTests !== report.numTotalTests)
  fail('not every test passed')
console.log(
  `ci-verify: ${report.numPassedTests} tests passed, Worker tests on Postgres (${backend.database})`,
)
