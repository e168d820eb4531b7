import { describe, expect, it } from 'vitest'
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_BITS,
} from '../../../src/auth/totp/recovery-codes.ts'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const DISPLAY = /^[0-9a-hjkmnp-tv-z]{5}(-[0-9a-hjkmnp-tv-z]{5}){4}$/
/** A fixed code and its SHA-256, computed outside the code under test (node:crypto). */
const FIXED = 'abcde-fghjk-mnpqr-stvwx-yz012'
const FIXED_HASH = 'Iz4VMPQj8yM2QLzazGqt8KgPIsNsNKCoN1wfvvLSwuM'

describe('generateRecoveryCodes', () => {
  it('makes 10 codes shown as five groups of five, without I, L, O or U', () => {
    const codes = generateRecoveryCodes()
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code).toMatch(DISPLAY)
  })

  it('carries at least 112 bits a code, enough for an unsalted hash (NIST SP 800-63B-4)', () => {
    expect(RECOVERY_CODE_BITS).toBe(125)
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(112)
  })

  it('never repeats a code, within a set or across 200 sets', () => {
    const all = Array.from({ length: 200 }, () => generateRecoveryCodes())
    for (const set of all) expect(new Set(set).size).toBe(10)
    expect(new Set(all.flat()).size).toBe(2000)
  })

  it('draws every character of the alphabet evenly at every position', () => {
    // 1,600 codes: each (position, character) pair is expected 50 times; 5 bits a character
    // only if all 32 appear everywhere, and none is more than twice as common as expected.
    const codes = Array.from({ length: 160 }, () => generateRecoveryCodes()).flat()
    for (let position = 0; position < 25; position++) {
      const counts = new Map<string, number>()
      for (const code of codes) {
        const char = code.replaceAll('-', '').charAt(position)
        counts.set(char, (counts.get(char) ?? 0) + 1)
      }
      expect([...counts.keys()].sort().join(''), `position ${position}`).toBe(ALPHABET)
      for (const count of counts.values()) expect(count).toBeLessThan(100)
    }
  })

  it('takes a count from 1 to 100', () => {
    expect(generateRecoveryCodes(1)).toHaveLength(1)
    expect(generateRecoveryCodes(100)).toHaveLength(100)
    for (const count of [0, 101, 2.5, Number.NaN]) {
      expect(() => generateRecoveryCodes(count)).toThrow(RangeError)
    }
  })
})

describe('normalizeRecoveryCode', () => {
  it('reads a code however it is typed', () => {
    const canonical = 'abcdefghjkmnpqrstvwxyz012'
    for (const typed of [
      FIXED,
      canonical,
      FIXED.toUpperCase(),
      ' abcde fghjk mnpqr stvwx yz012 ',
      'abcde--fghjk-mnpqr-stvwx-yz012\n',
      'ABCDE-fghjk-MNPQR-stvwx-YZ012',
      'abcde-fghjk-mnpqr-stvwx-yzO12', // O for 0
      'abcde-fghjk-mnpqr-stvwx-yz0I2', // I for 1
      'abcde-fghjk-mnpqr-stvwx-yz0l2', // l for 1
    ]) {
      expect(normalizeRecoveryCode(typed), typed).toBe(canonical)
    }
  })

  it('returns the canonical form of every generated code', () => {
    for (const code of generateRecoveryCodes()) {
      expect(normalizeRecoveryCode(code)).toBe(code.replaceAll('-', ''))
    }
  })

  it('refuses what cannot be a code', () => {
    for (const typed of [
      '',
      '-----',
      'abcde-fghjk-mnpqr-stvwx-yz01', // 24 characters
      'abcde-fghjk-mnpqr-stvwx-yz0123', // 26
      'abcde-fghjk-mnpqr-stvwx-yz01u', // u is not in the alphabet
      'abcde-fghjk-mnpqr-stvwx-yz01!',
      'abcde_fghjk_mnpqr_stvwx_yz012',
      'abcde-fghjk-mnpqr-stvwx-yz01\u212A', // Kelvin sign, lower-cases to k
      'ａｂｃｄｅ-fghjk-mnpqr-stvwx-yz012', // fullwidth
      `${' '.repeat(60)}${FIXED}`,
      FIXED.repeat(40),
      123 as unknown as string,
    ]) {
      expect(normalizeRecoveryCode(typed), JSON.stringify(typed)).toBeUndefined()
    }
  })
})

describe('hashRecoveryCode', () => {
  it('is the SHA-256 of the canonical form, base64url', async () => {
    expect(await hashRecoveryCode(FIXED)).toBe(FIXED_HASH)
  })

  it('is the same for every way of typing the code', async () => {
    for (const typed of [
      FIXED.toUpperCase(),
      ' abcdefghjkmnpqrstvwxyz0I2 ',
      'ABCDE FGHJK MNPQR STVWX YZO12',
    ]) {
      expect(await hashRecoveryCode(typed)).toBe(FIXED_HASH)
    }
  })

  it('differs between codes, and is 43 base64url characters', async () => {
    const hashes = await Promise.all(generateRecoveryCodes().map(hashRecoveryCode))
    expect(new Set(hashes).size).toBe(10)
    for (const hash of hashes) expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses to hash what is not a code', async () => {
    await expect(hashRecoveryCode('not a code')).rejects.toThrow(RangeError)
  })
})
