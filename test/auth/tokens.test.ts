import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { createAccessTokens } from '../../src/auth/access-token.ts'
import { createKeyRing } from '../../src/auth/signing-keys.ts'
import { b64url, flipSignatureBit } from '../helpers/jwt.ts'

const secret = new TextEncoder().encode('token-test-secret-that-is-long-enough!!')
const subject = {
  id: '4b0c3d1e-0000-4000-8000-000000000001',
  email: 'a@example.com',
  role: 'user',
  sid: '7d7c1c6e-0000-4000-8000-000000000002',
  emailVerified: false,
  amr: ['pwd'],
}

function fixedClock(ms: number) {
  const clock = { ms, now: () => clock.ms }
  return clock
}

interface Overrides {
  issuer?: string
  audience?: string
  secret?: Uint8Array
}

const service = async (clock = fixedClock(Date.UTC(2026, 10, 27, 12)), overrides: Overrides = {}) =>
  createAccessTokens({
    keys: await createKeyRing({ secret: overrides.secret ?? secret }),
    issuer: overrides.issuer ?? 'iss-a',
    audience: overrides.audience ?? 'aud-a',
    ttl: 900,
    clock,
  })

describe('access tokens', () => {
  it('carries typ, kid and the contract claims', async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 27, 12))
    const { token, expiresIn } = await (await service(clock)).issue(subject)
    expect(expiresIn).toBe(900)
    const header = decodeProtectedHeader(token)
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' })
    expect(header.kid).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const claims = decodeJwt(token)
    const iat = clock.ms / 1000
    expect(claims).toMatchObject({
      sub: subject.id,
      sid: subject.sid,
      email: subject.email,
      role: 'user',
      iss: 'iss-a',
      aud: 'aud-a',
      iat,
      exp: iat + 900,
    })
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('verifies until exp plus a 5 s tolerance, then refuses', async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 27, 12))
    const tokens = await service(clock)
    const { token } = await tokens.issue(subject)
    clock.ms += 900_000 + 4_000
    await expect(tokens.verify(token)).resolves.toMatchObject({ sub: subject.id })
    clock.ms += 2_000
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'invalid_token' })
  })

  it('refuses another issuer, audience or key', async () => {
    const { token } = await (await service()).issue(subject)
    await expect(
      (await service(undefined, { issuer: 'other' })).verify(token),
    ).rejects.toMatchObject({ code: 'invalid_token' })
    await expect(
      (await service(undefined, { audience: 'other' })).verify(token),
    ).rejects.toMatchObject({ code: 'invalid_token' })
    const otherKey = new TextEncoder().encode('another-secret-that-is-also-long-enough')
    await expect(
      (await service(undefined, { secret: otherKey })).verify(token),
    ).rejects.toMatchObject({ code: 'invalid_token' })
  })

  it('refuses alg none (more forgeries in token-attacks.test.ts)', async () => {
    const tokens = await service()
    const { token } = await tokens.issue(subject)
    const [, payload] = token.split('.')
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`
    await expect(tokens.verify(none)).rejects.toMatchObject({ code: 'invalid_token' })
  })

  it('refuses garbage and tampered tokens', async () => {
    const tokens = await service()
    const { token } = await tokens.issue(subject)
    const [h, , s] = token.split('.')
    const forged = b64url(JSON.stringify({ ...decodeJwt(token), role: 'admin' }))
    for (const bad of ['', 'abc', `${h}.${forged}.${s}`, flipSignatureBit(token)]) {
      await expect(tokens.verify(bad)).rejects.toMatchObject({ code: 'invalid_token' })
    }
  })
})
