import { describe, expect, it } from 'vitest'
import {
  type CborValue,
  decodeCbor,
  decodeCborPrefix,
  MAX_CBOR_NESTING,
} from '../../../src/auth/webauthn/cbor-decode.ts'
import { WebAuthnError } from '../../../src/auth/webauthn/webauthn-error.ts'

const hex = (text: string) =>
  Uint8Array.from(text.replace(/\s/g, '').match(/../g) ?? [], (h) => Number.parseInt(h, 16))
const bytes = (...values: number[]) => Uint8Array.from(values)
const map = (...entries: [number | string, CborValue][]) => new Map(entries)

/** RFC 8949 Appendix A, every example in the subset WebAuthn needs, with its decoded value. */
const APPENDIX_A: [string, CborValue][] = [
  ['00', 0],
  ['01', 1],
  ['0a', 10],
  ['17', 23],
  ['1818', 24],
  ['1819', 25],
  ['1864', 100],
  ['1903e8', 1000],
  ['1a000f4240', 1000000],
  ['1b000000e8d4a51000', 1000000000000],
  ['20', -1],
  ['29', -10],
  ['3863', -100],
  ['3903e7', -1000],
  ['f90000', 0],
  ['f98000', -0],
  ['f93c00', 1],
  ['fb3ff199999999999a', 1.1],
  ['f93e00', 1.5],
  ['f97bff', 65504],
  ['fa47c35000', 100000],
  ['fa7f7fffff', 3.4028234663852886e38],
  ['fb7e37e43c8800759c', 1.0e300],
  ['f90001', 2 ** -24], // the RFC prints 5.960464477539063e-8
  ['f90400', 0.00006103515625],
  ['f9c400', -4],
  ['fbc010666666666666', -4.1],
  ['f97c00', Number.POSITIVE_INFINITY],
  ['f97e00', Number.NaN],
  ['f9fc00', Number.NEGATIVE_INFINITY],
  ['fa7f800000', Number.POSITIVE_INFINITY],
  ['fa7fc00000', Number.NaN],
  ['faff800000', Number.NEGATIVE_INFINITY],
  ['fb7ff0000000000000', Number.POSITIVE_INFINITY],
  ['fb7ff8000000000000', Number.NaN],
  ['fbfff0000000000000', Number.NEGATIVE_INFINITY],
  ['f4', false],
  ['f5', true],
  ['f6', null],
  ['f7', undefined],
  ['40', new Uint8Array()],
  ['4401020304', bytes(1, 2, 3, 4)],
  ['60', ''],
  ['6161', 'a'],
  ['6449455446', 'IETF'],
  ['62225c', '"\\'],
  ['62c3bc', '\u00fc'],
  ['63e6b0b4', '\u6c34'],
  ['64f0908591', '\ud800\udd51'],
  ['80', []],
  ['83010203', [1, 2, 3]],
  ['8301820203820405', [1, [2, 3], [4, 5]]],
  [
    '98190102030405060708090a0b0c0d0e0f101112131415161718181819',
    Array.from({ length: 25 }, (_, i) => i + 1),
  ],
  ['a0', new Map()],
  ['a201020304', map([1, 2], [3, 4])],
  ['a26161016162820203', map(['a', 1], ['b', [2, 3]])],
  ['826161a161626163', ['a', map(['b', 'c'])]],
  [
    'a56161614161626142616361436164614461656145',
    map(['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D'], ['e', 'E']),
  ],
]

/** RFC 8949 Appendix A examples outside the subset: refused, never approximated. */
const APPENDIX_A_REFUSED: [string, string][] = [
  ['1bffffffffffffffff', 'integer is too large'], // 18446744073709551615
  ['3bffffffffffffffff', 'integer is too large'], // -18446744073709551616
  ['c249010000000000000000', 'tags'], // bignum 18446744073709551616
  ['c349010000000000000000', 'tags'],
  ['f0', 'simple value'], // simple(16)
  ['f8ff', 'simple value'], // simple(255)
  ['c074323031332d30332d32315432303a30343a30305a', 'tags'],
  ['c11a514b67b0', 'tags'],
  ['c1fb41d452d9ec200000', 'tags'],
  ['d74401020304', 'tags'],
  ['d818456449455446', 'tags'],
  ['d82076687474703a2f2f7777772e6578616d706c652e636f6d', 'tags'],
  // Every indefinite-length example (RFC 8949 §3.2.2, §3.2.3):
  ['5f42010243030405ff', 'indefinite'],
  ['7f657374726561646d696e67ff', 'indefinite'],
  ['9fff', 'indefinite'],
  ['9f018202039f0405ffff', 'indefinite'],
  ['9f01820203820405ff', 'indefinite'],
  ['83018202039f0405ff', 'indefinite'],
  ['83019f0203ff820405', 'indefinite'],
  ['9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff', 'indefinite'],
  ['bf61610161629f0203ffff', 'indefinite'],
  ['826161bf61626163ff', 'indefinite'],
  ['bf6346756ef563416d7421ff', 'indefinite'],
]

function refusal(input: Uint8Array): WebAuthnError {
  try {
    decodeCbor(input)
  } catch (error) {
    if (error instanceof WebAuthnError) return error
    throw error
  }
  throw new Error('decoded, but should have been refused')
}

describe('CBOR decoder (RFC 8949)', () => {
  it.each(APPENDIX_A)('decodes the Appendix A example %s', (encoded, value) => {
    expect(decodeCbor(hex(encoded))).toEqual(value)
  })

  it('keeps -0 and 0 apart, and integer key 1 apart from text key "1"', () => {
    expect(Object.is(decodeCbor(hex('f98000')), -0)).toBe(true)
    const decoded = decodeCbor(hex('a20102613103')) as Map<number | string, CborValue>
    expect(decoded.get(1)).toBe(2)
    expect(decoded.get('1')).toBe(3)
  })

  it.each(APPENDIX_A_REFUSED)('refuses the Appendix A example %s (%s)', (encoded, why) => {
    const error = refusal(hex(encoded))
    expect(error.reason).toBe('malformed')
    expect(error.message).toContain(why)
  })

  it.each([
    ['trailing bytes', '0000', 'trailing bytes'],
    ['a truncated argument', '19 03', 'truncated'],
    ['a truncated byte string', '44010203', 'truncated'],
    ['an empty input', '', 'truncated'],
    ['a lone break code', 'ff', 'break code'],
    ['a reserved additional information', '1c', 'reserved'],
    ['a duplicate map key', 'a2 01 02 01 03', 'duplicate key'],
    ['a byte-string map key', 'a1 41 00 01', 'not an integer or text'],
    ['a float map key that equals an integer label', 'a1 f93c00 01', 'not an integer or text'],
    ['an array claiming more items than bytes', '9a ffffffff 00', 'truncated'],
    ['a map claiming more entries than bytes', 'ba 7fffffff 0000', 'truncated'],
    ['a byte string of 2^53 bytes', '5b 0020000000000000', 'too large'],
    ['invalid UTF-8 in a text string', '62 c328', 'UTF-8'],
  ])('refuses %s', (_name, encoded, why) => {
    expect(refusal(hex(encoded)).message).toContain(why)
  })

  it(`accepts ${MAX_CBOR_NESTING} nested arrays and refuses one more`, () => {
    const nested = (depth: number) => new Uint8Array([...Array(depth).fill(0x81), 0x00])
    let expected: CborValue = 0
    for (let i = 0; i < MAX_CBOR_NESTING; i++) expected = [expected]
    expect(decodeCbor(nested(MAX_CBOR_NESTING))).toEqual(expected)
    expect(refusal(nested(MAX_CBOR_NESTING + 1)).message).toContain('nested too deeply')
    // A hostile depth is refused without exhausting the stack.
    expect(refusal(nested(100_000)).message).toContain('nested too deeply')
  })

  it('decodes a prefix and says where it ends, for the COSE key inside authenticator data', () => {
    expect(decodeCborPrefix(hex('ff a10102 ffff'), 1)).toEqual({ value: map([1, 2]), end: 4 })
  })

  it('copies byte strings out, so a decoded value never aliases the input', () => {
    const input = hex('4401020304')
    const decoded = decodeCbor(input) as Uint8Array
    input[1] = 9
    expect(decoded).toEqual(bytes(1, 2, 3, 4))
    expect(decoded.buffer.byteLength).toBe(4)
  })
})
