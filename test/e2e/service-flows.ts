/** What the browser test checks of wrangler dev itself (demo.e2e.ts runs them). */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { PASSWORD } from './demo-flows.ts'

/** The simulated limiter counts in fixed windows aligned to the clock, like the real one. */
const PERIOD_MS = 60_000

/**
 * wrangler.toml's `[[ratelimits]]` default, through HTTP: 20 requests per 60 s per IP and route,
 * then 429 with `Retry-After: 60` (IP_RATE_LIMIT_PERIOD). On the password-change route, which no
 * other flow calls, so this one spends its whole budget.
 */
export async function ipLimitFlow(workerUrl: string): Promise<void> {
  const left = PERIOD_MS - (Date.now() % PERIOD_MS)
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100))
  const change = () =>
    fetch(`${workerUrl}/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'a new battery staple' }),
    })
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) statuses.push((await change()).status)
  // No bearer token: each of the 20 reaches the route and is refused there.
  expect(statuses).toEqual(Array(20).fill(401))
  const limited = await change()
  expect(limited.status).toBe(429)
  expect(limited.headers.get('retry-after')).toBe('60')
  expect(await limited.json()).toMatchObject({ code: 'rate_limited' })
}

/** Neither wrangler dev nor the local database printed this run's secrets or passwords. */
export function logsFlow(logFiles: string[], secrets: string[]): void {
  for (const file of logFiles) {
    const text = readFileSync(file, 'utf8')
    expect(text.length, file).toBeGreaterThan(0)
    for (const secret of [...secrets, PASSWORD]) expect(text.includes(secret), file).toBe(false)
    expect(text, file).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./)
  }
}
