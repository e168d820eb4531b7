import { describe, expect, it } from 'vitest'
import { b64url } from '../../../src/auth/base64.ts'
import { verifyRegistration } from '../../../src/auth/webauthn/webauthn-registration.ts'
import {
  type SoftAlgorithm,
  type SoftRegistrationKnobs,
  softRegister,
} from '../../helpers/soft-authenticator.ts'
import { newCeremony, ORIGIN, reasonOf } from './ceremony-fixtures.ts'
import { authenticatorData } from './soft-authenticator-data.ts'
import { type CborInput, encodeCbor } from './test-encoders.ts'

const ALGORITHMS: [SoftAlgorithm, number][] = [
  ['ES256', -7],
  ['EdDSA', -8],
  ['RS256', -257],
]

/** Registers with the given knobs and returns the reason the verifier refused it. */
async function refusedWith(knobs: SoftRegistrationKnobs & { algorithm?: SoftAlgorithm } = {}) {
  const { ceremony, expected } = newCeremony()
  const { response } = await softRegister(ceremony, knobs)
  return reasonOf(verifyRegistration(response, expected))
}

describe('verifyRegistration: round trips', () => {
  it.each(ALGORITHMS)('accepts a %s passkey and returns the record to store', async (name, alg) => {
    const { ceremony, expected } = newCeremony()
    const { response, credential } = await softRegister(ceremony, { algorithm: name })
    expect(await verifyRegistration(response, expected)).toEqual({
      credentialId: response.id,
      publicKey: b64url(encodeCbor(credential.coseKey)),
      algorithm: alg,
      signCount: 0,
      backupEligible: true,
      backedUp: true,
      transports: ['internal', 'hybrid'],
      userVerified: true,
      aaguid: 'adadadad-adad-adad-adad-adadadadadad',
      attestation: 'none',
    })
  })

  it.each(ALGORITHMS)(
    'accepts %s packed self attestation after verifying its signature',
    async (name) => {
      const { ceremony, expected } = newCeremony()
      const { response } = await softRegister(ceremony, {
        algorithm: name,
        attestation: 'packed-self',
      })
      expect((await verifyRegistration(response, expected)).attestation).toBe('self')
    },
  )

  it('accepts a security key: not backup eligible, and without UV when UV is only preferred', async () => {
    const { ceremony, expected } = newCeremony({ requireUserVerification: false })
    const { response } = await softRegister(ceremony, { synced: false, flags: { uv: false } })
    const verified = await verifyRegistration(response, expected)
    expect(verified).toMatchObject({ backupEligible: false, backedUp: false, userVerified: false })
  })

  it('accepts authenticator extension outputs (ED), a BOM and unknown client data members', async () => {
    const { ceremony, expected } = newCeremony()
    const extensions = new Map([['credProtect', 2]])
    const { response } = await softRegister(ceremony, {
      extensions,
      clientData: {
        extraData: 'clientDataJSON may be extended',
        tokenBinding: { status: 'supported' },
      },
    })
    await expect(verifyRegistration(response, expected)).resolves.toBeDefined()
    const json = new TextEncoder().encode(
      `\uFEFF${JSON.stringify({ type: 'webauthn.create', ...ceremony })}`,
    )
    const bom = await softRegister(ceremony, { rawClientData: json })
    await expect(verifyRegistration(bom.response, expected)).resolves.toBeDefined()
  })

  it('keeps known transports only, once each', async () => {
    const { ceremony, expected } = newCeremony()
    const { response } = await softRegister(ceremony)
    response.response.transports = ['usb', 'carrier-pigeon', 'usb', 'nfc']
    expect((await verifyRegistration(response, expected)).transports).toEqual(['usb', 'nfc'])
  })
})

describe('verifyRegistration: client data refusals', () => {
  it.each([
    ['bad_type', { type: 'webauthn.get' }],
    ['bad_type', { type: 'payment.get' }],
    ['challenge_mismatch', { challenge: b64url(new Uint8Array(32)) }],
    ['challenge_mismatch', { challenge: '' }],
    ['malformed', { challenge: undefined }],
    ['malformed', { origin: undefined }],
    ['origin_mismatch', { origin: 'https://evil.example' }],
    ['origin_mismatch', { origin: `${ORIGIN}/` }],
    ['origin_mismatch', { origin: 'http://localhost:8788' }],
    ['origin_mismatch', { origin: 'HTTP://LOCALHOST:8787' }],
    ['cross_origin', { crossOrigin: true }],
    ['cross_origin', { topOrigin: 'https://framing.example' }],
    ['malformed', { crossOrigin: 'false' }],
  ] as const)('refuses with %s for client data %j', async (reason, clientData) => {
    expect(await refusedWith({ clientData })).toBe(reason)
  })

  it.each([
    ['not JSON', new TextEncoder().encode('{"type":')],
    ['a JSON array', new TextEncoder().encode('["webauthn.create"]')],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d])],
  ])('refuses client data that is %s as malformed', async (_name, rawClientData) => {
    expect(await refusedWith({ rawClientData })).toBe('malformed')
  })
})

describe('verifyRegistration: authenticator data refusals', () => {
  it.each([
    ['rp_id_mismatch', { hashedRpId: 'example.com' }],
    ['user_not_present', { flags: { up: false } }],
    ['user_not_verified', { flags: { uv: false } }],
    ['backup_state_invalid', { flags: { be: false, bs: true } }],
    ['malformed', { trailing: Uint8Array.of(0) }],
    ['credential_id_mismatch', { authDataCredentialId: new Uint8Array(32) }],
  ] as const)('refuses with %s for %j', async (reason, knobs) => {
    expect(await refusedWith(knobs)).toBe(reason)
  })

  it('refuses an id that is not rawId, an empty rawId and a type other than public-key', async () => {
    const { ceremony, expected } = newCeremony()
    const { response } = await softRegister(ceremony)
    expect(await reasonOf(verifyRegistration({ ...response, id: 'AAAA' }, expected))).toBe(
      'credential_id_mismatch',
    )
    expect(await reasonOf(verifyRegistration({ ...response, id: '', rawId: '' }, expected))).toBe(
      'malformed',
    )
    expect(await reasonOf(verifyRegistration({ ...response, type: 'password' }, expected))).toBe(
      'malformed',
    )
  })

  it('refuses a credential id over 1023 bytes (WebAuthn L3 §6.5.1)', async () => {
    const { ceremony, expected } = newCeremony()
    const long = new Uint8Array(1024).fill(7)
    const { response } = await softRegister(ceremony, { authDataCredentialId: long })
    const same = { ...response, id: b64url(long), rawId: b64url(long) }
    expect(await reasonOf(verifyRegistration(same, expected))).toBe('malformed')
  })

  it('refuses an attestation object without attested credential data', async () => {
    const { ceremony, expected } = newCeremony()
    const { response } = await softRegister(ceremony)
    const authData = await authenticatorData(ceremony, {}, { signCount: 0, backupEligible: true })
    const attestationObject = encodeCbor(
      new Map<string, CborInput>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    response.response.attestationObject = b64url(attestationObject)
    expect(await reasonOf(verifyRegistration(response, expected))).toBe('malformed')
  })

  it.each([
    ['not base64url', '!!!!'],
    ['not a CBOR map', b64url(encodeCbor([1, 2]))],
    ['CBOR with trailing bytes', b64url(Uint8Array.of(0xa0, 0x00))],
    ['a map without authData', b64url(encodeCbor(new Map([['fmt', 'none']])))],
  ])('refuses an attestation object that is %s as malformed', async (_name, attestationObject) => {
    const { ceremony, expected } = newCeremony()
    const { response } = await softRegister(ceremony)
    response.response.attestationObject = attestationObject
    expect(await reasonOf(verifyRegistration(response, expected))).toBe('malformed')
  })

  it('refuses a response that is not an object at all', async () => {
    const { expected } = newCeremony()
    const garbage = JSON.parse('"registration"')
    expect(await reasonOf(verifyRegistration(garbage, expected))).toBe('malformed')
  })
})
