/**
 * Enumeration check by timing, against a running worker: the median latency for unknown emails
 * against existing accounts of a wrong-password login, a "forgot password" and a "send the
 * verification mail again". A ratio near 1.0 means the answer's timing does not tell whether an
 * account exists (OWASP Authentication and Forgot Password Cheat Sheets).
 *
 *   npm run dev -- --env loadtest     # a local worker whose per-IP limit allows the run
 *   npm run timing -- --url http://localhost:8787 [--count 200] [--flows login,forgot,verify-send]
 *
 * Each existing account gets one wrong password and one mail of each kind, each unknown email is
 * new, so neither the lockout nor the per-address mail limit triggers; the two kinds alternate
 * so drift affects both alike. Sequential and bounded: count registrations, 6 × count requests.
 */
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8787' },
    count: { type: 'string', default: '200' },
    flows: { type: 'string', default: 'login,forgot,verify-send' },
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
/**
 * Sends `make(email)` to `path` once per existing account and once per unknown email,
 * alternating which goes first; the medians and their ratio (unknown over existing).
 */
async function compare(name: string, path: string, make: (email: string) => unknown) {
  const existing: number[] = []
  const unknown: number[] = []
  const statuses = new Set<number>()
  for (let i = 0; i < count; i++) {
    const kinds = [
      { email: accounts[i] ?? '', into: existing },
      { email: `nobody-${name}-${run}-${i}@example.com`, into: unknown },
    ]
    for (const { email, into } of i % 2 ? kinds : kinds.reverse()) {
      const { status, ms } = await post(path, make(email))
      into.push(ms)
      statuses.add(status)
    }
    if (i % 20 === 0) process.stderr.write(`\r${name} ${2 * (i + 1)}/${2 * count}   `)
  }
  process.stderr.write('\n')
  return {
    path,
    statuses: [...statuses],
    medianExistingMs: +median(existing).toFixed(1),
    medianUnknownMs: +median(unknown).toFixed(1),
    ratio: +(median(unknown) / median(existing)).toFixed(3),
  }
}

const FLOWS: Record<string, [string, (email: string) => unknown]> = {
  login: ['/auth/login', (email) => ({ email, password: 'not the password' })],
  forgot: ['/auth/password/forgot', (email) => ({ email })],
  'verify-send': ['/auth/email/verify/send', (email) => ({ email })],
}
const results = []
for (const name of values.flows.split(',')) {
  const flow = FLOWS[name]
  if (!flow) throw new Error(`--flows: ${name} is not one of ${Object.keys(FLOWS).join(', ')}`)
  results.push(await compare(name, ...flow))
}
console.log(JSON.stringify({ url: base, count, results }, null, 2))
