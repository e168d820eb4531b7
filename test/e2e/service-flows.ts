/** What the browser test checks of wrangler dev itself (demo.e2e.ts runs it). */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { PASSWORD } from './demo-page.ts'

/** Neither wrangler dev nor the local database printed this run's secrets or passwords. */
export function logsFlow(logFiles: string[], secrets: string[]): void {
  for (const file of logFiles) {
    const text = readFileSync(file, 'utf8')
    expect(text.length, file).toBeGreaterThan(0)
    for (const secret of [...secrets, PASSWORD]) expect(text.includes(secret), file).toBe(false)
    expect(text, file).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./)
  }
}
