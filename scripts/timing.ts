/**
 * Enumeration check by timing: the median latency of logins for unknown emails against logins
 * with a wrong password for existing accounts, against a running worker. A ratio near 1.0 means
 * the dummy-hash work hides which accounts exist (OWASP Authentication Cheat Sheet).
 *
 *   npm run dev -- --env loadtest     # a local worker whose per-IP limit allows the run
 *   npm run timing -- --url http://127.0.0.1:8787 [--count 200]
 *
 * Each existing account gets one wrong password, each unknown email is new, so the per-account
 * lockout never triggers; the two kinds alternate so drift affects both alike. Sequential and
 * bounded: 2 × count logins plus count registrations.
 */
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8787' },
    count: { type: 'string', default: '200' },
  },
})
const base = values.url.replace(/\/$/, '')
const count = Math.min(Math.max(Number(values.count), 200), 2000)
const run = crypto.randomUUID().slice(0, 8)

async function post(path: string, body: unknown): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await res.arrayBuffer()
  return { status: res.status, ms: performance.now() - started }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const accounts: string[] = []
for (let i = 0; i < count; i++) {
  const email = `timing-${run}-${i}@example.com`
  const { status } = await post('/auth/register', { email, password: `timing passphrase ${run}` })
  if (status !== 201)
    throw new Error(`register answered ${status}: is the per-IP limit raised (--env loadtest)?`)
  accounts.push(email)
  if (i % 20 === 0) process.stderr.write(`\rregistered ${i + 1}/${count}`)
}
const wrong: number[] = []
const unknown: number[] = []
const statuses = new Set<number>()
for (let i = 0; i < count; i++) {
  const kinds = [
    { email: accounts[i], into: wrong },
    { email: `nobody-${run}-${i}@example.com`, into: unknown },
  ]
  for (const { email, into } of i % 2 ? kinds : kinds.reverse()) {
    const { status, ms } = await post('/auth/login', { email, password: 'not the password' })
    into.push(ms)
    statuses.add(status)
  }
  if (i % 20 === 0) process.stderr.write(`\rlogins ${2 * (i + 1)}/${2 * count}   `)
}
process.stderr.write('\n')
const ratio = median(unknown) / median(wrong)
console.log(
  JSON.stringify({
    url: base,
    count,
    statuses: [...statuses],
    medianWrongPasswordMs: +median(wrong).toFixed(1),
    medianUnknownEmailMs: +median(unknown).toFixed(1),
    ratio: +ratio.toFixed(3),
  }),
)
