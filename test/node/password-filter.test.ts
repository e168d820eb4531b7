import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  commonPasswords,
  FALSE_POSITIVE_RATE,
  renderModule,
} from '../../scripts/build-password-filter.ts'
import { isCommonPassword } from '../../src/auth/password-policy.ts'

describe('the common-password Bloom filter', () => {
  it('is generated from data/common-passwords-10k.txt (run scripts/build-password-filter.ts)', () => {
    expect(readFileSync('src/auth/common-passwords.ts', 'utf8')).toBe(renderModule())
  })

  it('finds every listed password of 8+ characters, in any letter case', () => {
    const entries = commonPasswords()
    expect(entries.length).toBeGreaterThan(3000)
    for (const entry of entries) {
      expect(isCommonPassword(entry)).toBe(true)
      expect(isCommonPassword(entry.toUpperCase())).toBe(true)
    }
  })

  it('refuses few others: the false-positive rate stays near its design', () => {
    let hits = 0
    const trials = 100_000
    for (let i = 0; i < trials; i++)
      if (isCommonPassword(`uncommon-${i}-${(i * 7919) % 104_729}`)) hits++
    expect(hits / trials).toBeLessThan(FALSE_POSITIVE_RATE * 5)
  })
})
