import { describe, expect, it } from 'vitest'
import { base32Decode } from '../../../src/auth/totp/base32.ts'
import { otpauthUri } from '../../../src/auth/totp/otpauth-uri.ts'
import { generateTotpSecret } from '../../../src/auth/totp/totp-code.ts'

const EXAMPLE_KEY = new Uint8Array([...new TextEncoder().encode('Hello!'), 0xde, 0xad, 0xbe, 0xef])

/** How an app reads the URI back: WHATWG URL, the label split at its first colon. */
function parse(uri: string) {
  const url = new URL(uri)
  const label = decodeURIComponent(url.pathname.slice(1))
  const colon = label.indexOf(':')
  return {
    url,
    labelIssuer: label.slice(0, colon),
    account: label.slice(colon + 1),
    params: [...url.searchParams.entries()],
  }
}

describe('otpauthUri', () => {
  it('writes the Key URI format with every parameter spelled out', () => {
    expect(
      otpauthUri({ secret: EXAMPLE_KEY, issuer: 'Example', account: 'alice@google.com' }),
    ).toBe(
      'otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30',
    )
  })

  it('carries the secret as unpadded base32 that decodes to the same bytes', () => {
    const secret = generateTotpSecret()
    const { url } = parse(otpauthUri({ secret, issuer: 'edge-auth', account: 'a@example.com' }))
    const encoded = url.searchParams.get('secret') ?? ''
    expect(encoded).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(encoded)).toEqual(secret)
  })

  const tricky = [
    'a:b@example.com',
    'who?x=1&issuer=Evil#frag@example.com',
    'Alice Smith',
    'a+b@example.com',
    '100%25@example.com',
    'slash/in/name@example.com',
    "o'brien@example.com",
    'Zoë 👩‍💻 用户@例子.测试',
    '  padded  ',
    'a=b;c,d@example.com',
    'line\nbreak',
  ]
  it.each(tricky)('keeps the account %j intact and the URI whole', (account) => {
    const issuer = 'ACME & Co. #1 ?'
    const uri = otpauthUri({ secret: EXAMPLE_KEY, issuer, account })
    expect(uri).not.toMatch(/[\s#]/)
    const { url, labelIssuer, account: parsed, params } = parse(uri)
    expect(url.protocol).toBe('otpauth:')
    expect(url.host).toBe('totp')
    expect(url.hash).toBe('')
    expect(labelIssuer).toBe(issuer)
    expect(parsed).toBe(account)
    expect(params).toEqual([
      ['secret', 'JBSWY3DPEHPK3PXP'],
      ['issuer', issuer],
      ['algorithm', 'SHA1'],
      ['digits', '6'],
      ['period', '30'],
    ])
  })

  it('has exactly one literal colon in the label, the separator', () => {
    const uri = otpauthUri({ secret: EXAMPLE_KEY, issuer: 'Example', account: 'a:b:c' })
    const rawLabel = uri.slice('otpauth://totp/'.length, uri.indexOf('?'))
    expect(rawLabel).toBe('Example:a%3Ab%3Ac')
  })

  it('replaces a lone surrogate instead of throwing', () => {
    const { account } = parse(otpauthUri({ secret: EXAMPLE_KEY, issuer: 'X', account: 'a\uD800b' }))
    expect(account).toBe('a\uFFFDb')
  })

  it('refuses an issuer with a colon, and empty parts', () => {
    const secret = EXAMPLE_KEY
    expect(() => otpauthUri({ secret, issuer: 'Evil:Corp', account: 'a' })).toThrow(RangeError)
    expect(() => otpauthUri({ secret, issuer: '', account: 'a' })).toThrow(RangeError)
    expect(() => otpauthUri({ secret, issuer: 'X', account: '' })).toThrow(RangeError)
  })
})
