/** APP_URL and EMAIL_FROM: what src/config.ts accepts, and what it refuses by name. */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.ts'

const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  JWT_SECRET: 'Vb3q9Zr1Kx7Lm2Np8Qs4Tu6Wy0Ac5Ed=',
  LOCKOUT_SECRET: 'lockout-Vb3q9Zr1Kx7Lm2Np8Qs4Tu6Wy0Ac5Ed=',
  MFA_ENCRYPTION_KEY: 'k1:ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM',
  AUTH_RATE_LIMITER: { limit: async () => ({ success: true }) },
  REFRESH_RATE_LIMITER: { limit: async () => ({ success: true }) },
}
const mailOf = (env: Record<string, string>) => {
  const parsed = parseConfig({ ...base, ...env })
  return parsed.ok ? parsed.config.mail : parsed.variables
}

describe('mail configuration', () => {
  it('defaults to the local demo page and a local sender, as wrangler.toml [vars] does', () => {
    expect(mailOf({})).toEqual({
      appUrl: 'http://localhost:8787',
      from: { name: 'edge-auth', email: 'auth@example.com' },
    })
  })

  it('takes an exact https origin, or plain http on loopback only', () => {
    for (const origin of [
      'https://app.example.com',
      'https://app.example.com:8443',
      'http://127.0.0.1:8787',
      'http://localhost:5173',
      'http://[::1]:8787',
    ])
      expect(mailOf({ APP_URL: origin })).toMatchObject({ appUrl: origin })
    for (const bad of [
      'http://app.example.com',
      'https://app.example.com/',
      'https://app.example.com/reset',
      'https://app.example.com?x=1',
      'https://user@app.example.com',
      'app.example.com',
      'javascript:alert(1)',
      '*',
    ])
      expect(mailOf({ APP_URL: bad })).toEqual(['APP_URL'])
  })

  it('takes EMAIL_FROM as a display name and an address, and splits them', () => {
    expect(mailOf({ EMAIL_FROM: 'Acme Login <no-reply@mail.acme.example>' })).toMatchObject({
      from: { name: 'Acme Login', email: 'no-reply@mail.acme.example' },
    })
    expect(mailOf({ EMAIL_FROM: 'Café Ünïcode  <a@b.example>' })).toMatchObject({
      from: { name: 'Café Ünïcode', email: 'a@b.example' },
    })
  })

  it('refuses an EMAIL_FROM without a name or an address, or one that could add a header', () => {
    for (const bad of [
      'auth@example.com',
      '<auth@example.com>',
      '   <auth@example.com>',
      'edge-auth',
      'edge-auth <auth>',
      'edge-auth <auth@example>',
      'edge-auth <a b@example.com>',
      '"edge-auth" <auth@example.com>',
      'edge-auth\r\nBcc: x@evil.example <auth@example.com>',
      'edge-auth <auth@example.com>\nBcc: x@evil.example',
      'a <b> <auth@example.com>',
    ])
      expect(mailOf({ EMAIL_FROM: bad })).toEqual(['EMAIL_FROM'])
  })
})
