import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode } from '../../../src/auth/totp/base32.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

/** RFC 4648 §10 test vectors for BASE32. */
const VECTORS: [input: string, padded: string][] = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
]

describe('base32 (RFC 4648 §10)', () => {
  it.each(VECTORS)('encodes %j as %s without the padding', (input, padded) => {
    expect(base32Encode(bytes(input))).toBe(padded.replace(/=+$/, ''))
  })

  it.each(VECTORS)('decodes %j from %s padded, unpadded and lower-case', (input, padded) => {
    const unpadded = padded.replace(/=+$/, '')
    for (const text of [padded, unpadded, padded.toLowerCase(), unpadded.toLowerCase()]) {
      expect(base32Decode(text)).toEqual(bytes(input))
    }
  })

  it('encodes the Key URI format example key', () => {
    const key = new Uint8Array([...bytes('Hello!'), 0xde, 0xad, 0xbe, 0xef])
    expect(base32Encode(key)).toBe('JBSWY3DPEHPK3PXP')
    expect(base32Decode('jbswy3dpehpk3pxp')).toEqual(key)
  })

  it('round-trips every byte value and random secrets of every length up to 40', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(base32Decode(base32Encode(all))).toEqual(all)
    for (let length = 0; length <= 40; length++) {
      const secret = crypto.getRandomValues(new Uint8Array(length))
      const text = base32Encode(secret)
      expect(text).toMatch(/^[A-Z2-7]*$/)
      expect(text).toHaveLength(Math.ceil((length * 8) / 5))
      expect(base32Decode(text)).toEqual(secret)
    }
  })

  it('refuses what is not base32', () => {
    const refused = [
      'MY0', // 0, 1, 8 and 9 are not in the alphabet
      'MZXW6YT1',
      'MZXW6YT8',
      'MZ XW6YTB', // no spaces
      'MZXW6YTB\n',
      'M=Y', // padding only at the end
      '=MY',
      'A', // lengths an encoder never produces (zero pad bits, so only the length tells)
      'AAA',
      'AAAAAA',
      'AAAAAAAAA',
      'M',
      'MZX',
      'MZXW6Y',
      'MZ', // pad bits not zero: "f" is MY, never MZ
      'MZXR',
      'ıY', // dotless i upper-cases to I, but is not ASCII
      'ＭＹ', // fullwidth
    ]
    for (const text of refused) expect(base32Decode(text), text).toBeUndefined()
  })
})
