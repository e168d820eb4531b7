/** The demo's DOM-free helpers: device names, mailed-link paths, code fields, QR modules. */
import { describe, expect, it } from 'vitest'
import { ago, deviceDetails, deviceName } from '../../src/demo/device-text.ts'
import { mailedLinkOf } from '../../src/demo/mailed-link-path.ts'
import { QUIET_ZONE, qrModules } from '../../src/demo/qr-modules.ts'
import { secondFactorOf } from '../../src/demo/second-factor-input.ts'

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'

describe('the device list', () => {
  it('names browsers and systems, and says when nothing is known', () => {
    expect(deviceName(CHROME_LINUX)).toBe('Chrome on Linux')
    expect(deviceName(SAFARI_IPHONE)).toBe('Safari on iOS')
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox on Windows',
    )
    expect(deviceName('curl/8.5.0')).toBe('curl/8.5.0')
    expect(deviceName(null)).toBe('Unknown device')
  })

  it('says how long ago, and where when the edge knew', () => {
    const now = Date.parse('2026-12-02T12:00:00Z')
    expect(ago(now - 20_000, now)).toBe('just now')
    expect(ago(now - 60_000, now)).toBe('1 minute ago')
    expect(ago(now - 3 * 3_600_000, now)).toBe('3 hours ago')
    expect(ago(now - 3 * 86_400_000, now)).toBe('3 days ago')
    const session = {
      id: 's1',
      current: false,
      createdAt: '2026-12-01T12:00:00Z',
      lastUsedAt: '2026-12-02T11:55:00Z',
      userAgent: CHROME_LINUX,
    }
    expect(deviceDetails({ ...session, location: { country: 'PT', city: 'Lisbon' } }, now)).toMatch(
      /^Lisbon, PT · last used 5 minutes ago · signed in /,
    )
    expect(deviceDetails({ ...session, lastUsedAt: null }, now)).toMatch(
      /^location unknown · last used 24 hours ago/,
    )
  })
})

describe('mailed links and code fields', () => {
  it('reads the link kind from the path and the token from the fragment only', () => {
    const token = 'a'.repeat(43)
    expect(mailedLinkOf({ pathname: '/reset-password', hash: `#token=${token}` })).toEqual({
      kind: 'reset-password',
      token,
    })
    expect(mailedLinkOf({ pathname: '/confirm-email', hash: `#token=${token}` })?.kind).toBe(
      'confirm-email',
    )
    expect(mailedLinkOf({ pathname: '/verify-email', hash: '' })).toBeNull()
    expect(mailedLinkOf({ pathname: '/', hash: `#token=${token}` })).toBeNull()
  })

  it('takes six digits as an app code, anything else as a recovery code', () => {
    expect(secondFactorOf('123 456')).toEqual({ code: '123456' })
    expect(secondFactorOf(' abcd-efgh ')).toEqual({ recoveryCode: 'abcd-efgh' })
    expect(secondFactorOf('12345')).toEqual({ recoveryCode: '12345' })
  })
})

describe('the QR code', () => {
  it('draws a symbol with finder patterns inside a 4-module quiet zone', () => {
    const uri = `otpauth://totp/edge-auth:totp-1234abcd%40example.com?secret=${'A'.repeat(32)}&issuer=edge-auth&algorithm=SHA1&digits=6&period=30`
    const { size, path } = qrModules(uri)
    const dark = new Set(path.match(/M\d+ \d+/g)?.map((move) => move.slice(1)))
    const symbol = size - 2 * QUIET_ZONE
    expect((symbol - 17) % 4).toBe(0) // 21, 25, ... modules: versions 1 to 40
    expect(symbol).toBe(49) // 143 bytes at level M: version 8, the smallest that holds them
    for (let i = 0; i < QUIET_ZONE; i++) {
      expect(dark.has(`${i} ${QUIET_ZONE}`)).toBe(false)
      expect(dark.has(`${QUIET_ZONE} ${i}`)).toBe(false)
    }
    // The top-left finder: a dark 7x7 ring, a light ring inside it, a dark 3x3 centre.
    const at = (x: number, y: number) => dark.has(`${QUIET_ZONE + x} ${QUIET_ZONE + y}`)
    for (let i = 0; i < 7; i++)
      expect([at(i, 0), at(0, i), at(i, 6), at(6, i)]).toEqual([true, true, true, true])
    for (let i = 1; i < 6; i++) expect([at(i, 1), at(1, i)]).toEqual([false, false])
    expect(at(3, 3) && at(2, 2) && at(4, 4)).toBe(true)
    expect(qrModules(uri)).toEqual({ size, path }) // deterministic: the same URI, the same code
  })
})
