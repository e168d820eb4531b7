/**
 * The WebAuthn Level 3 §16 test vectors (w3c-test-vectors.ts): registrations and assertions
 * produced by the W3C's reference generator, verified here by our code. A parser that agreed
 * with itself about a misread field would pass every round trip with the soft authenticator,
 * and fail here.
 */
import { describe, expect, it } from 'vitest'
import { b64url } from '../../../src/auth/base64.ts'
import { parseAttestationObject } from '../../../src/auth/webauthn/attestation-statement.ts'
import { parseAuthenticatorData } from '../../../src/auth/webauthn/authenticator-data.ts'
import {
  type AuthenticationResponseJSON,
  type ExpectedCeremony,
  type RegistrationResponseJSON,
  type StoredCredential,
  verifyAssertion,
  verifyRegistration,
} from '../../../src/auth/webauthn/webauthn.ts'
import { reasonOf } from './ceremony-fixtures.ts'
import { fromHex } from './test-encoders.ts'
import {
  NONE_ES256,
  PACKED_EDDSA,
  PACKED_RS256,
  PACKED_SELF_ES256,
  W3C_ORIGIN,
  W3C_RP_ID,
  type W3cVector,
} from './w3c-test-vectors.ts'

const b64 = (hex: string) => b64url(fromHex(hex))

function expectation(
  challenge: string,
  overrides: Partial<ExpectedCeremony> = {},
): ExpectedCeremony {
  const base = { origins: [W3C_ORIGIN], rpId: W3C_RP_ID, requireUserVerification: false }
  return { challenge: b64(challenge), ...base, ...overrides }
}

function registration(vector: W3cVector): RegistrationResponseJSON {
  const { credentialId, clientDataJSON, attestationObject } = vector.registration
  const id = b64(credentialId)
  const response = {
    clientDataJSON: b64(clientDataJSON),
    attestationObject: b64(attestationObject),
  }
  return { id, rawId: id, type: 'public-key', response, clientExtensionResults: {} }
}

function assertion(vector: W3cVector): AuthenticationResponseJSON {
  const { authenticatorData, clientDataJSON, signature } = vector.authentication
  const id = b64(vector.registration.credentialId)
  const response = {
    clientDataJSON: b64(clientDataJSON),
    authenticatorData: b64(authenticatorData),
    signature: b64(signature),
  }
  return { id, rawId: id, type: 'public-key', response, clientExtensionResults: {} }
}

/** The credential record read straight from a vector's authenticator data. */
function recordFromAuthData(vector: W3cVector): StoredCredential {
  const attestation = parseAttestationObject(fromHex(vector.registration.attestationObject))
  const attested = parseAuthenticatorData(attestation.authData).attestedCredential
  if (!attested) throw new Error('the vector has no attested credential data')
  const algorithm = attested.publicKey.get(3) as number
  return {
    id: b64(vector.registration.credentialId),
    publicKey: b64url(attested.publicKeyBytes),
    algorithm,
    signCount: 0,
  }
}

const uuid = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')

describe('WebAuthn Level 3 §16 test vectors', () => {
  it.each([
    {
      vector: NONE_ES256,
      attestation: 'none',
      flags: { userVerified: false, backupEligible: true, backedUp: true },
      after: { backedUp: true },
    },
    {
      vector: PACKED_SELF_ES256,
      attestation: 'self',
      flags: { userVerified: true, backupEligible: true, backedUp: true },
      after: { backedUp: false },
    },
  ] as const)('§$vector.section: registers, then signs in with the stored record', async (row) => {
    const { vector, attestation, flags, after } = row
    const registered = await verifyRegistration(
      registration(vector),
      expectation(vector.registration.challenge),
    )
    expect(registered).toEqual({
      credentialId: b64(vector.registration.credentialId),
      publicKey: recordFromAuthData(vector).publicKey,
      algorithm: -7,
      signCount: 0,
      transports: [],
      aaguid: uuid(vector.registration.aaguid),
      attestation,
      ...flags,
    })
    const stored = { ...registered, id: registered.credentialId }
    const expected = expectation(vector.authentication.challenge)
    const verified = await verifyAssertion(assertion(vector), expected, stored)
    expect(verified).toEqual({ newSignCount: 0, userVerified: false, userHandle: null, ...after })
  })

  it.each([
    { vector: PACKED_RS256, alg: -257 },
    { vector: PACKED_EDDSA, alg: -8 },
  ])(
    '§$vector.section: refuses the x5c registration, verifies the assertion with its key',
    async (row) => {
      const { vector, alg } = row
      const refused = verifyRegistration(
        registration(vector),
        expectation(vector.registration.challenge),
      )
      expect(await reasonOf(refused)).toBe('unsupported_attestation')
      const stored = recordFromAuthData(vector)
      expect(stored.algorithm).toBe(alg)
      const expected = expectation(vector.authentication.challenge)
      expect((await verifyAssertion(assertion(vector), expected, stored)).newSignCount).toBe(0)
    },
  )

  it('§16.2 fails where it should: each expectation changed refuses the real responses', async () => {
    const vector = NONE_ES256
    const reg = vector.registration.challenge
    const auth = vector.authentication.challenge
    const stored = recordFromAuthData(vector)
    const assert = (expected: ExpectedCeremony, record = stored) =>
      verifyAssertion(assertion(vector), expected, record)
    expect(await reasonOf(verifyRegistration(registration(vector), expectation(auth)))).toBe(
      'challenge_mismatch',
    )
    expect(await reasonOf(assert(expectation(reg)))).toBe('challenge_mismatch')
    expect(await reasonOf(assert(expectation(auth, { origins: ['https://example.com'] })))).toBe(
      'origin_mismatch',
    )
    expect(await reasonOf(assert(expectation(auth, { rpId: 'example.com' })))).toBe(
      'rp_id_mismatch',
    )
    expect(await reasonOf(assert(expectation(auth, { requireUserVerification: true })))).toBe(
      'user_not_verified',
    )
    expect(await reasonOf(assert(expectation(auth), { ...stored, signCount: 1 }))).toBe(
      'counter_regressed',
    )
    const other = recordFromAuthData(PACKED_SELF_ES256)
    expect(await reasonOf(assert(expectation(auth), { ...other, id: stored.id }))).toBe(
      'bad_signature',
    )
  })
})
