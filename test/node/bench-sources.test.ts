/** The bench's request sources for the routes of the second round, and the flows in two steps. */
import { createHash, createPublicKey, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRequestSource } from '../../scripts/lib/load/scenarios.ts'
import { assertionSigner, createPasskey } from '../../scripts/lib/load/soft-passkey.ts'
import { codesFor, stepOf, totpCode } from '../../scripts/lib/load/totp-codes.ts'
import { createTotpFlow } from '../../scripts/lib/load/totp-flow.ts'
import { parseAuthenticatorData } from '../../src/auth/webauthn/authenticator-data.ts'
import { decodeCbor } from '../../src/auth/webauthn/cbor-decode.ts'

const body = (spec?: { body?: string }) => JSON.parse(spec?.body ?? 'null')
const b64 = (text: string) => Buffer.from(text, 'base64url')

describe('one-request sources', () => {
  it('forgot-password alternates known addresses with ones nobody has', () => {
    const forgot = createRequestSource({ kind: 'forgot', path: '/f', emails: ['a@x.io', 'b@x.io'] })
    const emails = [1, 2, 3, 4, 5].map(() => body(forgot.next()).email as string)
    expect([emails[0], emails[2], emails[4]]).toEqual(['a@x.io', 'b@x.io', 'a@x.io'])
    expect(emails[1]).toMatch(/^nobody-/)
    expect(emails[3]).not.toBe(emails[1])
  })

  it('sends each link token once, then is exhausted', () => {
    const reset = createRequestSource({
      kind: 'link',
      path: '/r',
      tokens: ['t1', 't2'],
      newPassword: 'pw',
    })
    expect(body(reset.next())).toEqual({ token: 't1', newPassword: 'pw' })
    expect(body(reset.next()).token).toBe('t2')
    expect(reset.exhausted()).toBe(false)
    reset.next()
    expect(reset.exhausted()).toBe(true)
  })
})

describe('TOTP codes', () => {
  it('match RFC 6238 Appendix B (SHA-1) and count 30-second steps', () => {
    const secret = Buffer.from('12345678901234567890')
    expect(totpCode(secret, stepOf(59_000), 8)).toBe('94287082')
    expect(totpCode(secret, stepOf(1_111_111_109_000), 8)).toBe('07081804')
    // GEZDGNBVGY3TQOJQ... is the same secret in base32.
    const codes = codesFor('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1, 2)
    expect(codes).toEqual({ 1: '287082', 2: totpCode(secret, 2) })
  })
})

describe('the TOTP login flow', () => {
  const codes = { 100: '000100', 101: '000101', 102: '000102', 103: '000103' }
  const users = [
    { email: 'a@x.io', password: 'pa', codes },
    { email: 'b@x.io', password: 'pb', codes },
  ]
  const at = (step: number) => () => step * 30_000 + 1000

  it('sends the password, then the code of a later step than the user last used', () => {
    const flow = createTotpFlow(
      { kind: 'totp', path: '/l', mfaPath: '/m', users, lastSteps: [100, 99] },
      at(100),
    )
    const a = {}
    expect(body(flow.next(0, a))).toEqual({ email: 'a@x.io', password: 'pa' })
    expect(flow.onResponse(403, '{"details":{"mfaToken":"mt"}}', 0, a)).toBe(true)
    expect(body(flow.next(1, a))).toEqual({ mfaToken: 'mt', code: '000101' })
    expect(flow.onResponse(200, '{}', 1, a)).toBe(false)
    expect(flow.state?.()).toEqual({ lastSteps: [101, 99] })
  })

  it('never runs two flows of one user, and runs dry when no user has a step left', () => {
    const flow = createTotpFlow(
      { kind: 'totp', path: '/l', mfaPath: '/m', users, lastSteps: [100, 100] },
      at(100),
    )
    const [a, b] = [{}, {}]
    expect(body(flow.next(0, a)).email).toBe('a@x.io')
    expect(body(flow.next(0, b)).email).toBe('b@x.io')
    expect(flow.next(0, {})).toMatchObject({ method: 'GET' })
    expect(flow.exhausted()).toBe(true)
    // A refused password step ends the flow without a second request.
    expect(flow.onResponse(401, '{}', 0, a)).toBe(false)
  })
})

describe('the passkey login flow', () => {
  const ceremony = { rpId: 'localhost', origin: 'http://localhost:8787' }

  it('registers a COSE ES256 key and signs assertions the key verifies', () => {
    const { passkey, response } = createPasskey(
      { challenge: 'c1', user: { id: 'dXNlcg' } },
      ceremony,
    )
    const attestation = decodeCbor(b64(response.response.attestationObject)) as Map<string, unknown>
    const authData = parseAuthenticatorData(attestation.get('authData') as Uint8Array)
    expect(authData).toMatchObject({ userPresent: true, backupEligible: true, signCount: 0 })
    expect(Buffer.from(authData.rpIdHash)).toEqual(
      createHash('sha256').update('localhost').digest(),
    )
    const cose = authData.attestedCredential?.publicKey as Map<number, Uint8Array>
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: Buffer.from(cose.get(-2) as Uint8Array).toString('base64url'),
        y: Buffer.from(cose.get(-3) as Uint8Array).toString('base64url'),
      },
      format: 'jwk',
    })
    const assertion = assertionSigner(passkey, ceremony)('c2')
    const clientData = JSON.parse(b64(assertion.response.clientDataJSON).toString())
    expect(clientData).toMatchObject({
      type: 'webauthn.get',
      challenge: 'c2',
      origin: ceremony.origin,
    })
    const signed = Buffer.concat([
      b64(assertion.response.authenticatorData),
      createHash('sha256').update(b64(assertion.response.clientDataJSON)).digest(),
    ])
    expect(verify('sha256', signed, publicKey, b64(assertion.response.signature))).toBe(true)
    expect(assertion).toMatchObject({ id: passkey.id, rawId: passkey.id })
  })

  it('asks for options, then answers their challenge', () => {
    const { passkey } = createPasskey({ challenge: 'c', user: { id: 'dQ' } }, ceremony)
    const flow = createRequestSource({
      kind: 'passkey',
      path: '/o',
      loginPath: '/p',
      passkeys: [passkey],
      ...ceremony,
    })
    const f = {}
    expect(flow.next(0, f)).toMatchObject({ path: '/o' })
    expect(flow.next(1, {})).toBeUndefined()
    expect(flow.onResponse(200, '{"challenge":"ch"}', 0, f)).toBe(true)
    const sent = body(flow.next(1, f)).response
    expect(JSON.parse(b64(sent.response.clientDataJSON).toString()).challenge).toBe('ch')
  })
})
