import { readdirSync, readFileSync } from 'node:fs'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { commonPasswords, renderModule } from '../../scripts/build-common-passwords.ts'
import { COMMON_PASSWORDS } from '../../src/auth/common-passwords.ts'
import { frontDecode } from '../../src/auth/front-coding.ts'
import { isCommonPassword, normalizeForBlocklist } from '../../src/auth/password-policy.ts'

/** The phrase the bench's seeding was refused on while the list was a 1e-4 Bloom filter. */
const BENCH_PHRASE = 'bench 261202025411 user 126 staple'

describe('the common-password list (ASVS 5.0 V6.2.4)', () => {
  it('is generated from data/common-passwords-10k.txt (run scripts/build-common-passwords.ts)', () => {
    expect(readFileSync('src/auth/common-passwords.ts', 'utf8')).toBe(renderModule())
  })

  it('holds exactly the listed passwords of 8+ characters, nothing more', () => {
    const entries = commonPasswords()
    expect(entries.length).toBeGreaterThan(3000)
    expect(frontDecode(COMMON_PASSWORDS)).toEqual(entries)
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

  it('stays off the Worker’s startup path: only a dynamic import() loads it', async () => {
    const staticImport = /(from|^import)\s+['"][./]+(auth\/)?common-passwords\.ts['"]/m
    const importers = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => staticImport.test(readFileSync(`src/${file}`, 'utf8')))
    expect(importers).toEqual([])
    expect(readFileSync('src/auth/password-policy.ts', 'utf8')).toContain(
      "import('./common-passwords.ts')",
    )
    // Bundled as wrangler does (esbuild, one file): the list sits behind a lazy initializer.
    const { outputFiles } = await build({
      entryPoints: ['src/auth/password-policy.ts'],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    })
    const code = outputFiles[0]?.text ?? ''
    const lazy =
      /init_common_passwords = __esm\(\{\s*"src\/auth\/common-passwords\.ts"\(\) \{\s*"use strict";\s*COMMON_PASSWORDS = "/
    expect(code).toMatch(lazy)
  })

  it('compares in the form the list is stored in', () => {
    expect(normalizeForBlocklist('PassWord\uFF11')).toBe('password1') // fullwidth 1, NFKC
  })
})
