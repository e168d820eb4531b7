import { describe, expect, it } from 'vitest'
import { b64decode } from '../../../src/auth/base64.ts'
import {
  createAuthenticationOptions,
  createRegistrationOptions,
} from '../../../src/auth/webauthn/webauthn.ts'
import { RP_ID } from './ceremony-fixtures.ts'

const handle = Uint8Array.from({ length: 16 }, (_, i) => i)
const input = {
  rp: { id: RP_ID, name: 'edge-auth' },
  user: { handle, name: 'ada@example.com', displayName: 'Ada' },
}

describe('WebAuthn options (L3 §5.1.8, §5.1.9 JSON forms)', () => {
  it('builds creation options for a passkey: ES256, EdDSA, RS256, no attestation', () => {
    const options = createRegistrationOptions(input)
    expect(options).toEqual({
      rp: { id: 'localhost', name: 'edge-auth' },
      user: { id: 'AAECAwQFBgcICQoLDA0ODw', name: 'ada@example.com', displayName: 'Ada' },
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 300_000,
      excludeCredentials: [],
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'preferred',
      },
      attestation: 'none',
    })
    // The options are JSON: what a route returns is what the browser parses.
    expect(JSON.parse(JSON.stringify(options))).toEqual(options)
  })

  it('draws a fresh 32-byte challenge every time', () => {
    const challenges = new Set(
      Array.from({ length: 50 }, () => createRegistrationOptions(input).challenge),
    )
    expect(challenges.size).toBe(50)
    for (const challenge of challenges) expect(b64decode(challenge)?.length).toBe(32)
    expect(createAuthenticationOptions({ rpId: RP_ID }).challenge).not.toBe(
      createAuthenticationOptions({ rpId: RP_ID }).challenge,
    )
  })

  it('excludes the user’s credentials with their transports, and honours the requirements', () => {
    const options = createRegistrationOptions({
      ...input,
      excludeCredentials: [
        { id: 'Y3JlZC0x', transports: ['usb', 'nfc'] },
        { id: 'Y3JlZC0y', transports: [] },
      ],
      residentKey: 'preferred',
      userVerification: 'required',
      timeout: 120_000,
    })
    expect(options.excludeCredentials).toEqual([
      { type: 'public-key', id: 'Y3JlZC0x', transports: ['usb', 'nfc'] },
      { type: 'public-key', id: 'Y3JlZC0y' },
    ])
    expect(options.authenticatorSelection).toEqual({
      residentKey: 'preferred',
      requireResidentKey: false,
      userVerification: 'required',
    })
    expect(options.timeout).toBe(120_000)
  })

  it('refuses a user handle that is empty or longer than 64 bytes (§5.4.3)', () => {
    expect(() =>
      createRegistrationOptions({ ...input, user: { ...input.user, handle: new Uint8Array() } }),
    ).toThrow(RangeError)
    const long = new Uint8Array(65)
    expect(() =>
      createRegistrationOptions({ ...input, user: { ...input.user, handle: long } }),
    ).toThrow(RangeError)
    const max = new Uint8Array(64)
    expect(
      b64decode(
        createRegistrationOptions({ ...input, user: { ...input.user, handle: max } }).user.id,
      ),
    ).toEqual(max)
  })

  it('builds request options for discoverable sign-in (empty allowCredentials) and for a known user', () => {
    expect(createAuthenticationOptions({ rpId: RP_ID })).toEqual({
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      rpId: 'localhost',
      allowCredentials: [],
      userVerification: 'preferred',
      timeout: 300_000,
    })
    const known = createAuthenticationOptions({
      rpId: RP_ID,
      allowCredentials: [{ id: 'Y3JlZC0x', transports: ['internal'] }],
      userVerification: 'required',
    })
    expect(known).toMatchObject({
      allowCredentials: [{ type: 'public-key', id: 'Y3JlZC0x', transports: ['internal'] }],
      userVerification: 'required',
    })
  })
})
