import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  generateTotp,
  generateTotpSecret,
  matchTotp,
  stepAt,
  TOTP_SECRET_BYTES,
} from '../../../src/auth/totp/totp-code.ts'

/** RFC 6238 Appendix B: the SHA-1 seed is the 20 ASCII bytes "12345678901234567890". */
const RFC_SECRET = new TextEncoder().encode('12345678901234567890')
const STEP_MS = 30_000

afterEach(() => {
  vi.restoreAllMocks()
})

describe('RFC 6238 Appendix B (SHA-1)', () => {
  const vectors: [seconds: number, code: string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ]
  it.each(vectors)('T = %i s gives %s (8 digits)', async (seconds, code) => {
    expect(await generateTotp(RFC_SECRET, stepAt(seconds * 1000), { digits: 8 })).toBe(code)
  })

  it('gives the last 6 of those digits by default, zero-padded', async () => {
    // 07081804 mod 10^6 is 081804: the leading zero must survive.
    expect(await generateTotp(RFC_SECRET, stepAt(1111111109_000))).toBe('081804')
    expect(await generateTotp(RFC_SECRET, stepAt(59_000))).toBe('287082')
  })

  it('refuses digit counts RFC 4226 does not allow, negative steps and short secrets', async () => {
    await expect(generateTotp(RFC_SECRET, 1, { digits: 5 })).rejects.toThrow(RangeError)
    await expect(generateTotp(RFC_SECRET, 1, { digits: 9 })).rejects.toThrow(RangeError)
    await expect(generateTotp(RFC_SECRET, -1)).rejects.toThrow(RangeError)
    await expect(generateTotp(RFC_SECRET, 1.5)).rejects.toThrow(RangeError)
    await expect(generateTotp(new Uint8Array(15), 1)).rejects.toThrow(RangeError)
  })
})

describe('stepAt', () => {
  it('counts 30-second steps from the epoch', () => {
    expect(stepAt(0)).toBe(0)
    expect(stepAt(29_999)).toBe(0)
    expect(stepAt(30_000)).toBe(1)
    expect(stepAt(1111111111_000)).toBe(37037037)
  })
})

describe('generateTotpSecret', () => {
  it('is 160 random bits, different every time', () => {
    const a = generateTotpSecret()
    const b = generateTotpSecret()
    expect(TOTP_SECRET_BYTES).toBe(20)
    expect(a.byteLength).toBe(20)
    expect(a).not.toEqual(b)
  })
})

describe('matchTotp', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 15)
  const step = stepAt(now)
  const codeFor = (s: number) => generateTotp(RFC_SECRET, s)

  it('returns the step of the current code', async () => {
    expect(await matchTotp(RFC_SECRET, await codeFor(step), now)).toBe(step)
  })

  it('accepts one step either way and returns that step, not the current one', async () => {
    expect(await matchTotp(RFC_SECRET, await codeFor(step - 1), now)).toBe(step - 1)
    expect(await matchTotp(RFC_SECRET, await codeFor(step + 1), now)).toBe(step + 1)
  })

  it('refuses codes two steps away, and one step away with window 0', async () => {
    expect(await matchTotp(RFC_SECRET, await codeFor(step - 2), now)).toBeUndefined()
    expect(await matchTotp(RFC_SECRET, await codeFor(step + 2), now)).toBeUndefined()
    expect(await matchTotp(RFC_SECRET, await codeFor(step - 1), now, { window: 0 })).toBeUndefined()
    expect(await matchTotp(RFC_SECRET, await codeFor(step), now, { window: 0 })).toBe(step)
  })

  it('refuses a code made with another secret', async () => {
    const other = generateTotpSecret()
    expect(await matchTotp(other, await codeFor(step), now)).toBeUndefined()
  })

  it('uses the step boundaries exactly', async () => {
    const start = step * STEP_MS
    const code = await codeFor(step - 1)
    expect(await matchTotp(RFC_SECRET, code, start + STEP_MS - 1)).toBe(step - 1)
    expect(await matchTotp(RFC_SECRET, code, start + STEP_MS)).toBeUndefined()
  })

  it('accepts surrounding spaces and a space between the groups, as apps show them', async () => {
    const code = await codeFor(step)
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`
    for (const typed of [` ${code} `, spaced, `${code}\n`]) {
      expect(await matchTotp(RFC_SECRET, typed, now)).toBe(step)
    }
  })

  it('refuses anything but six ASCII digits without computing anything', async () => {
    const code = await codeFor(step)
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const sign = vi.spyOn(crypto.subtle, 'sign')
    const refused = [
      '',
      '      ',
      code.slice(0, 5),
      `${code}0`,
      `${code.slice(0, 5)}a`,
      `${code.slice(0, 3)}-${code.slice(3)}`,
      `${code.slice(0, 3)}\t${code.slice(3)}`,
      `+${code.slice(1)}`,
      '１２３４５６', // fullwidth digits
      '١٢٣٤٥٦', // Arabic-Indic digits
      '0x1234',
      '1e5000',
      123456 as unknown as string,
      null as unknown as string,
    ]
    for (const typed of refused) {
      expect(await matchTotp(RFC_SECRET, typed, now), JSON.stringify(typed)).toBeUndefined()
    }
    expect(importKey).not.toHaveBeenCalled()
    expect(sign).not.toHaveBeenCalled()
  })

  it('computes and compares every step in the window, even when the first one matches', async () => {
    const code = await codeFor(step - 1)
    const sign = vi.spyOn(crypto.subtle, 'sign')
    const compare = vi.spyOn(crypto.subtle, 'timingSafeEqual')
    expect(await matchTotp(RFC_SECRET, code, now)).toBe(step - 1)
    expect(sign).toHaveBeenCalledTimes(3)
    expect(compare).toHaveBeenCalledTimes(3)
    for (const [a, b] of compare.mock.calls) {
      expect((a as Uint8Array).byteLength).toBe(6)
      expect((b as Uint8Array).byteLength).toBe(6)
    }
  })

  it('returns the latest step when two steps in the window share a code', async () => {
    // Found by search: for the RFC secret, steps 58261606 and 58261608 both give 905913.
    const centre = 58261607
    expect(await codeFor(centre - 1)).toBe('905913')
    expect(await codeFor(centre + 1)).toBe('905913')
    expect(await matchTotp(RFC_SECRET, '905913', centre * STEP_MS)).toBe(centre + 1)
  })

  it('refuses windows outside 0..2', async () => {
    const code = await codeFor(step)
    await expect(matchTotp(RFC_SECRET, code, now, { window: 3 })).rejects.toThrow(RangeError)
    await expect(matchTotp(RFC_SECRET, code, now, { window: -1 })).rejects.toThrow(RangeError)
  })
})

describe('the returned step is what replay protection needs', () => {
  /** The caller's rule, as documented on matchTotp: accept a step only above the last one. */
  function verifier() {
    let lastUsedStep: number | undefined
    return async (code: string, nowMs: number) => {
      const step = await matchTotp(RFC_SECRET, code, nowMs)
      if (step === undefined || (lastUsedStep !== undefined && step <= lastUsedStep)) return false
      lastUsedStep = step
      return true
    }
  }
  const now = Date.UTC(2026, 11, 2, 12, 0, 15)
  const step = stepAt(now)

  it('accepts a code once, even though it stays valid for three steps', async () => {
    const verify = verifier()
    const code = await generateTotp(RFC_SECRET, step)
    expect(await verify(code, now)).toBe(true)
    expect(await verify(code, now + 1000)).toBe(false)
    expect(await verify(code, now + STEP_MS)).toBe(false)
  })

  it('refuses an older code from the window after a newer one was used', async () => {
    const verify = verifier()
    expect(await verify(await generateTotp(RFC_SECRET, step), now)).toBe(true)
    expect(await verify(await generateTotp(RFC_SECRET, step - 1), now)).toBe(false)
  })

  it('refuses a code for the next step used early, when that step arrives', async () => {
    // With the current step recorded instead of the code's own, this replay would pass.
    const verify = verifier()
    const early = await generateTotp(RFC_SECRET, step + 1)
    expect(await verify(early, now)).toBe(true)
    expect(await verify(early, now + STEP_MS)).toBe(false)
    expect(await verify(await generateTotp(RFC_SECRET, step + 2), now + STEP_MS)).toBe(true)
  })
})
