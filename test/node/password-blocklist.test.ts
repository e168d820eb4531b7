import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { commonPasswords, renderAsset } from '../../scripts/build-common-passwords.ts'
import { frontDecode } from '../../src/auth/front-coding.ts'
import { createCommonPasswordList, normalizeForBlocklist } from '../../src/auth/password-policy.ts'

const ASSET = 'public/common-passwords.txt'
const load = vi.fn(async () => readFileSync(ASSET, 'utf8'))
const list = createCommonPasswordList(load)
const isCommonPassword = (password: string) => list.has(password)

/** The phrase the bench's seeding was refused on while the list was a 1e-4 Bloom filter. */
const BENCH_PHRASE = 'bench 261202025411 user 126 staple'

describe('the common-password list (ASVS 5.0 V6.2.4)', () => {
  it('is generated from data/common-passwords-10k.txt (run scripts/build-common-passwords.ts)', () => {
    expect(readFileSync(ASSET, 'utf8')).toBe(renderAsset())
  })

  it('holds exactly the listed passwords of 8+ characters, nothing more', () => {
    const entries = commonPasswords()
    expect(entries.length).toBeGreaterThan(3000)
    expect(frontDecode(readFileSync(ASSET, 'utf8').trim())).toEqual(entries)
  })

  it('refuses every listed password of 8+ characters, as listed and in upper case', async () => {
    const listed = readFileSync('data/common-passwords-10k.txt', 'utf8').split('\n')
    let checked = 0
    for (const line of listed.filter((l) => [...l.normalize('NFKC')].length >= 8)) {
      expect(await isCommonPassword(line)).toBe(true)
      expect(await isCommonPassword(line.toUpperCase())).toBe(true)
      checked++
    }
    expect(checked).toBeGreaterThan(3000)
  })

  it('accepts the bench phrase and 100,000 generated passphrases: zero false positives', async () => {
    // No listed entry holds a space, so none of these is common: any refusal is a false positive.
    expect(commonPasswords().some((entry) => /\s/.test(entry))).toBe(false)
    expect(await isCommonPassword(BENCH_PHRASE)).toBe(false)
    const words = ['correct', 'horse', 'battery', 'staple', 'ocean', 'violet', 'maple', 'quartz']
    const refused: string[] = []
    for (let i = 0; i < 100_000; i++) {
      const phrase =
        i % 2 === 0
          ? `bench 261202025411 user ${i} staple`
          : `${words[i % 8]} ${words[(i >> 3) % 8]} ${i.toString(36)} ${words[(i >> 6) % 8]}`
      if (await isCommonPassword(phrase)) refused.push(phrase)
    }
    expect(refused).toEqual([])
  })

  it('stays out of the Worker bundle: loaded once, on the first check, from the static asset', async () => {
    const mentions = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => readFileSync(`src/${file}`, 'utf8').includes('0.0.0.000'))
    expect(mentions).toEqual([]) // the list's first entry appears in no source file
    const fresh = vi.fn(async () => readFileSync(ASSET, 'utf8'))
    const lazy = createCommonPasswordList(fresh)
    expect(fresh).not.toHaveBeenCalled()
    await Promise.all([lazy.has('a'), lazy.has('b'), lazy.has('password123')])
    expect(fresh).toHaveBeenCalledTimes(1)
    let attempts = 0
    const flaky = createCommonPasswordList(async () => {
      attempts++
      if (attempts === 1) throw new Error('asset unavailable')
      return readFileSync(ASSET, 'utf8')
    })
    await expect(flaky.has('password123')).rejects.toThrow('asset unavailable')
    expect(await flaky.has('password123')).toBe(true) // a failed load is retried
  })

  it('compares in the form the list is stored in', () => {
    expect(normalizeForBlocklist('PassWord\uFF11')).toBe('password1') // fullwidth 1, NFKC
  })
})
