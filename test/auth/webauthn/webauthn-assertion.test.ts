import { describe, expect, it } from 'vitest'
import { b64decode, b64url } from '../../../src/auth/base64.ts'
import { verifyAssertion } from '../../../src/auth/webauthn/webauthn-assertion.ts'
import { verifyRegistration } from '../../../src/auth/webauthn/webauthn-registration.ts'
import {
  type SoftAlgorithm,
  type SoftAssertionKnobs,
  type SoftCredential,
  softAssert,
  softRegister,
  storedCredential,
} from '../../helpers/soft-authenticator.ts'
import { newCeremony, ORIGIN, reasonOf } from './ceremony-fixtures.ts'

/** A registered soft credential and its stored record. */
async function registered(algorithm: SoftAlgorithm = 'ES256', synced = true) {
  const { credential } = await softRegister(newCeremony().ceremony, { algorithm, synced })
  return { credential, stored: storedCredential(credential) }
}

async function refusedWith(knobs: SoftAssertionKnobs, credential?: SoftCredential) {
  const soft = credential ?? (await registered()).credential
  const { ceremony, expected } = newCeremony()
  const response = await softAssert(soft, ceremony, knobs)
  return reasonOf(verifyAssertion(response, expected, storedCredential(soft)))
}

const flipByte = (index: number) => (bytes: Uint8Array<ArrayBuffer>) =>
  bytes.map((b, i) => (i === (index < 0 ? bytes.length + index : index) ? b ^ 0x01 : b))

describe('verifyAssertion: round trips', () => {
  it.each<SoftAlgorithm>(['ES256', 'EdDSA', 'RS256'])(
    'signs in with a %s passkey registered through verifyRegistration',
    async (algorithm) => {
      const registration = newCeremony()
      const { response, credential } = await softRegister(registration.ceremony, { algorithm })
      const record = await verifyRegistration(response, registration.expected)
      const stored = { ...record, id: record.credentialId }
      const { ceremony, expected } = newCeremony()
      const assertion = await softAssert(credential, ceremony)
      expect(await verifyAssertion(assertion, expected, stored)).toEqual({
        newSignCount: 0,
        userVerified: true,
        backedUp: true,
        userHandle: b64url(credential.userHandle),
      })
    },
  )

  it('accepts a counter that grows, then refuses one that does not (WebAuthn L3 §7.2)', async () => {
    const { credential, stored } = await registered('ES256', false)
    for (const expectedCount of [1, 2, 3]) {
      const { ceremony, expected } = newCeremony()
      const result = await verifyAssertion(await softAssert(credential, ceremony), expected, stored)
      expect(result.newSignCount).toBe(expectedCount)
      stored.signCount = result.newSignCount
    }
    for (const signCount of [3, 2, 0]) {
      const { ceremony, expected } = newCeremony()
      const replayed = await softAssert(credential, ceremony, { signCount })
      expect(await reasonOf(verifyAssertion(replayed, expected, stored))).toBe('counter_regressed')
    }
  })

  it('accepts a counter of 0 twice for a synced passkey, and a first non-zero counter', async () => {
    const { credential, stored } = await registered()
    for (let i = 0; i < 2; i++) {
      const { ceremony, expected } = newCeremony()
      const response = await softAssert(credential, ceremony)
      expect((await verifyAssertion(response, expected, stored)).newSignCount).toBe(0)
    }
    const { ceremony, expected } = newCeremony()
    const counted = await softAssert(credential, ceremony, { signCount: 1 })
    expect((await verifyAssertion(counted, expected, stored)).newSignCount).toBe(1)
  })

  it('returns no user handle when the authenticator sends none, and UV as it was', async () => {
    const { credential, stored } = await registered()
    const { ceremony, expected } = newCeremony({ requireUserVerification: false })
    const response = await softAssert(credential, ceremony, {
      userHandle: null,
      flags: { uv: false },
    })
    const result = await verifyAssertion(response, expected, stored)
    expect(result).toMatchObject({ userHandle: null, userVerified: false })
  })

  it('accepts authenticator extension outputs and a changed backup state', async () => {
    const { credential, stored } = await registered()
    const { ceremony, expected } = newCeremony()
    const knobs = { extensions: new Map([['uvm', [[2, 2, 2]]]]), flags: { bs: false } }
    const response = await softAssert(credential, ceremony, knobs)
    expect((await verifyAssertion(response, expected, stored)).backedUp).toBe(false)
  })
})

describe('verifyAssertion: refusals', () => {
  it.each([
    ['bad_type', { clientData: { type: 'webauthn.create' } }],
    ['challenge_mismatch', { clientData: { challenge: b64url(new Uint8Array(32)) } }],
    ['origin_mismatch', { clientData: { origin: 'https://evil.example' } }],
    ['origin_mismatch', { clientData: { origin: `${ORIGIN}/` } }],
    ['cross_origin', { clientData: { crossOrigin: true } }],
    ['cross_origin', { clientData: { topOrigin: 'https://framing.example' } }],
    ['rp_id_mismatch', { hashedRpId: 'example.com' }],
    ['user_not_present', { flags: { up: false } }],
    ['user_not_verified', { flags: { uv: false } }],
    ['backup_state_invalid', { flags: { be: false, bs: true } }],
    ['malformed', { attestedData: true }],
    ['malformed', { trailing: Uint8Array.of(0) }],
    ['malformed', { rawClientData: new TextEncoder().encode('webauthn.get') }],
    ['malformed', { userHandle: 'not base64url!' }],
    ['bad_signature', { editSignature: flipByte(-1) }],
    ['bad_signature', { editSignature: flipByte(10) }],
    ['bad_signature', { signatureFormat: 'raw' }],
    ['bad_signature', { editSignature: (sig: Uint8Array) => Uint8Array.of(...sig, 0) }],
    ['bad_signature', { editSignature: () => new Uint8Array() }],
  ] as const)('refuses with %s for %j', async (reason, knobs) => {
    expect(await refusedWith(knobs as SoftAssertionKnobs)).toBe(reason)
  })

  it.each<SoftAlgorithm>(['EdDSA', 'RS256'])('refuses a bad %s signature', async (algorithm) => {
    const { credential } = await registered(algorithm)
    expect(await refusedWith({ editSignature: flipByte(0) }, credential)).toBe('bad_signature')
    const short = (sig: Uint8Array<ArrayBuffer>) => sig.slice(1)
    expect(await refusedWith({ editSignature: short }, credential)).toBe('bad_signature')
  })

  it('refuses a signature by another credential, and signed data changed after signing', async () => {
    const { credential, stored } = await registered()
    const other = (await registered()).credential
    const { ceremony, expected } = newCeremony()
    const forged = { ...(await softAssert(other, ceremony)), id: stored.id, rawId: stored.id }
    expect(await reasonOf(verifyAssertion(forged, expected, stored))).toBe('bad_signature')
    const response = await softAssert(credential, ceremony)
    const authData = b64decode(response.response.authenticatorData) as Uint8Array
    authData[36] = 9 // the counter's last byte: signed, so the signature no longer holds
    const tampered = { ...response.response, authenticatorData: b64url(authData) }
    expect(
      await reasonOf(verifyAssertion({ ...response, response: tampered }, expected, stored)),
    ).toBe('bad_signature')
  })

  it('refuses a response for another credential, and a stored record that does not hold together', async () => {
    const { credential, stored } = await registered()
    const { ceremony, expected } = newCeremony()
    const response = await softAssert(credential, ceremony)
    const other = { ...stored, id: b64url(new Uint8Array(32)) }
    expect(await reasonOf(verifyAssertion(response, expected, other))).toBe(
      'credential_id_mismatch',
    )
    const rawIdOnly = { ...response, rawId: other.id }
    expect(await reasonOf(verifyAssertion(rawIdOnly, expected, stored))).toBe(
      'credential_id_mismatch',
    )
    expect(
      await reasonOf(verifyAssertion(response, expected, { ...stored, algorithm: -257 })),
    ).toBe('bad_public_key')
    expect(await reasonOf(verifyAssertion(response, expected, { ...stored, publicKey: '' }))).toBe(
      'malformed',
    )
  })
})
