import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { frontDecode, frontEncode } from '../../src/auth/front-coding.ts'

describe('front coding', () => {
  it('stores each word as a shared-prefix letter and the rest, sorted', () => {
    expect(frontEncode(['password1', 'password', 'passw0rd', 'password12'])).toBe(
      'Apassw0rdFordI1J2',
    )
    expect(frontDecode('Apassw0rdFordI1J2')).toEqual([
      'passw0rd',
      'password',
      'password1',
      'password12',
    ])
  })

  it('round-trips any list of words without A-Z, sorted and de-duplicated', () => {
    const word = fc.string({ unit: 'binary', maxLength: 40 }).filter((w) => !/[A-Z]/.test(w))
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        expect(frontDecode(frontEncode(words))).toEqual([...new Set(words)].sort())
      }),
    )
  })

  it('caps the shared prefix at 25 letters (Z) and still round-trips longer ones', () => {
    const long = ['x'.repeat(30), `${'x'.repeat(30)}y`]
    expect(frontEncode(long)).toBe(`A${'x'.repeat(30)}Zxxxxxy`)
    expect(frontDecode(frontEncode(long))).toEqual(long)
  })

  it('refuses words holding A-Z, which would read as prefix marks', () => {
    expect(() => frontEncode(['Password'])).toThrow(RangeError)
  })
})
