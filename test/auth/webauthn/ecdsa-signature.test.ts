import { describe, expect, it } from 'vitest'
import { derToP1363 } from '../../../src/auth/webauthn/ecdsa-signature.ts'
import { WebAuthnError } from '../../../src/auth/webauthn/webauthn-error.ts'

const hex = (text: string) =>
  Uint8Array.from(text.replace(/\s/g, '').match(/../g) ?? [], (h) => Number.parseInt(h, 16))
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** A DER INTEGER and SEQUENCE written by hand, byte by byte, for the shapes under test. */
const int = (content: string) => `02${(content.length / 2).toString(16).padStart(2, '0')}${content}`
const seq = (...parts: string[]) => {
  const body = parts.join('')
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`
}

const R = '11'.repeat(32) // high bit clear: 32 content bytes as is
const S = '22'.repeat(32)

function refusal(der: string): string {
  try {
    derToP1363(hex(der))
  } catch (error) {
    expect(error).toBeInstanceOf(WebAuthnError)
    expect((error as WebAuthnError).reason).toBe('bad_signature')
    return (error as WebAuthnError).message
  }
  throw new Error('converted, but should have been refused')
}

describe('ES256 signature: DER Ecdsa-Sig-Value to IEEE P1363 r || s', () => {
  it('copies 32-byte integers whose high bit is clear', () => {
    expect(toHex(derToP1363(hex(seq(int(R), int(S)))))).toBe(R + S)
  })

  it('drops the 0x00 sign byte of an integer whose high bit is set (33 bytes in DER)', () => {
    const high = `80${'ab'.repeat(31)}`
    expect(toHex(derToP1363(hex(seq(int(`00${high}`), int(`00${high}`)))))).toBe(high + high)
  })

  it('left-pads integers shorter than 32 bytes with zeros', () => {
    const short31 = '7f'.repeat(31)
    const short1 = '05'
    expect(toHex(derToP1363(hex(seq(int(short31), int(short1)))))).toBe(
      `00${short31}${'00'.repeat(31)}${short1}`,
    )
    // A short integer that needs a sign byte: 0x00 then 31 bytes whose first has the high bit.
    const short = `ff${'00'.repeat(30)}`
    expect(toHex(derToP1363(hex(seq(int(`00${short}`), int(S)))))).toBe(`00${short}${S}`)
  })

  it('converts the 33 + 30 byte example of WebAuthn Level 3 §6.5.5', () => {
    const example = hex(`3043
      0221 00899095 04e14f1e 29dba815 8fa7c387 e888ffbe 07d824bb 21432055 06ab159c 3e
      021e 56554fb5 819b1284 5e85be2f 78371cf3 cb95e387 f451cb36 2b9478d1 83d2`)
    expect(toHex(derToP1363(example))).toBe(
      '89909504e14f1e29dba8158fa7c387e888ffbe07d824bb2143205506ab159c3e' +
        '000056554fb5819b12845e85be2f78371cf3cb95e387f451cb362b9478d183d2',
    )
  })

  it.each([
    ['an empty signature', '', 'expected a SEQUENCE'],
    ['raw r || s instead of DER', R + S, 'expected a SEQUENCE'],
    ['a SET instead of a SEQUENCE', `31${seq(int(R), int(S)).slice(2)}`, 'expected a SEQUENCE'],
    ['a long-form SEQUENCE length', `3081${seq(int(R), int(S)).slice(2)}`, 'short form'],
    ['a SEQUENCE length past the end', `3045${seq(int(R), int(S)).slice(4)}`, 'does not match'],
    ['a SEQUENCE length short of the end', `${seq(int(R), int(S))}00`, 'does not match'],
    ['trailing bytes inside the SEQUENCE', seq(int(R), int(S), '00'), 'trailing bytes'],
    ['a missing s', seq(int(R)), 'INTEGER'],
    ['an OCTET STRING for r', seq(`04${int(R).slice(2)}`, int(S)), 'expected an INTEGER'],
    ['an empty INTEGER', seq('0200', int(S)), 'wrong length'],
    ['a 34-byte INTEGER', seq(int(`0000${R}`), int(S)), 'wrong length'],
    ['a redundant leading zero', seq(int(`00${'11'.repeat(31)}`), int(S)), 'minimally'],
    ['a negative INTEGER', seq(int(`80${'11'.repeat(31)}`), int(S)), 'negative'],
    ['a 33-byte value wider than P-256', seq(int(`01${R}`), int(S)), 'wider than the curve'],
    ['an INTEGER running past the SEQUENCE', `3006 0220 ${R}`, 'does not match'],
  ])('refuses %s', (_name, der, why) => {
    expect(refusal(der)).toContain(why)
  })

  it('refuses a 33-byte INTEGER that only pads a value already 32 bytes wide in width 32', () => {
    // 0x00 before a byte with the high bit clear is non-minimal, whatever its length.
    expect(refusal(seq(int(`00${R}`), int(S)))).toContain('minimally')
  })
})
