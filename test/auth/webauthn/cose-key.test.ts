import { describe, expect, it } from 'vitest'
import { verifyAssertion } from '../../../src/auth/webauthn/webauthn-assertion.ts'
import { verifyRegistration } from '../../../src/auth/webauthn/webauthn-registration.ts'
import { type SoftAlgorithm, softAssert, softRegister } from '../../helpers/soft-authenticator.ts'
import { newCeremony, reasonOf } from './ceremony-fixtures.ts'
import type { CborInputMap } from './test-encoders.ts'

type Edit = (key: CborInputMap) => void

const bytesAt = (key: CborInputMap, label: number) => key.get(label) as Uint8Array

/** Registers a credential whose written COSE key was edited; the reason it was refused. */
async function refusedWith(algorithm: SoftAlgorithm, editCoseKey: Edit) {
  const { ceremony, expected } = newCeremony()
  const { response } = await softRegister(ceremony, { algorithm, editCoseKey })
  return reasonOf(verifyRegistration(response, expected))
}

describe('credential public keys (COSE_Key, RFC 9053; WebAuthn L3 §5.8.5)', () => {
  it.each<[string, SoftAlgorithm, Edit]>([
    ['ES384 (-35)', 'ES256', (k) => k.set(3, -35)],
    ['PS256 (-37)', 'RS256', (k) => k.set(3, -37)],
    ['ES256K (-47, RFC 8812)', 'ES256', (k) => k.set(3, -47)],
    ['Ed25519 fully specified (-19)', 'EdDSA', (k) => k.set(3, -19)],
    ['a missing alg', 'ES256', (k) => k.delete(3)],
    ['a text alg', 'ES256', (k) => k.set(3, 'ES256')],
    ['alg under the text label "3"', 'ES256', (k) => k.set('3', k.get(3) as number).delete(3)],
  ])('refuses %s as unsupported_algorithm', async (_name, algorithm, edit) => {
    expect(await refusedWith(algorithm, edit)).toBe('unsupported_algorithm')
  })

  it.each<[string, SoftAlgorithm, Edit]>([
    ['an EC2 key that claims EdDSA', 'ES256', (k) => k.set(3, -8)],
    ['an OKP key that claims ES256', 'EdDSA', (k) => k.set(3, -7)],
    ['an RSA key that claims ES256', 'RS256', (k) => k.set(3, -7)],
    ['an EC2 key with kty OKP', 'ES256', (k) => k.set(1, 1)],
    ['ES256 on P-384 (crv 2)', 'ES256', (k) => k.set(-1, 2)],
    ['EdDSA on Ed448 (crv 7)', 'EdDSA', (k) => k.set(-1, 7)],
    ['a 31-byte x', 'ES256', (k) => k.set(-2, bytesAt(k, -2).slice(1))],
    ['a compressed point (y is a boolean)', 'ES256', (k) => k.set(-3, true)],
    [
      'a point off the curve',
      'ES256',
      (k) =>
        k.set(
          -3,
          bytesAt(k, -3).map((b, i) => (i === 31 ? b ^ 1 : b)),
        ),
    ],
    ['a missing Ed25519 x', 'EdDSA', (k) => k.delete(-2)],
    ['a 33-byte Ed25519 x', 'EdDSA', (k) => k.set(-2, new Uint8Array(33))],
    [
      'a 1024-bit RSA modulus (RFC 8230 §6)',
      'RS256',
      (k) => k.set(-1, bytesAt(k, -1).slice(0, 128)),
    ],
    [
      'a 1024-bit modulus padded with zero bytes to 258 bytes',
      'RS256',
      (k) => k.set(-1, Uint8Array.of(...new Uint8Array(130), ...bytesAt(k, -1).slice(0, 128))),
    ],
    [
      'a 2040-bit modulus padded with one zero byte',
      'RS256',
      (k) => k.set(-1, Uint8Array.of(0, ...bytesAt(k, -1).slice(0, 255))),
    ],
    ['an RSA key without its exponent', 'RS256', (k) => k.delete(-2)],
  ])('refuses %s as bad_public_key', async (_name, algorithm, edit) => {
    expect(await refusedWith(algorithm, edit)).toBe('bad_public_key')
  })
})

describe('credential public keys that are unusual but sound', () => {
  it('accepts an RSA modulus written with a leading zero byte, and signs in with it', async () => {
    const { ceremony, expected } = newCeremony()
    const editCoseKey: Edit = (k) => k.set(-1, Uint8Array.of(0, ...bytesAt(k, -1)))
    const { response, credential } = await softRegister(ceremony, {
      algorithm: 'RS256',
      editCoseKey,
    })
    const registered = await verifyRegistration(response, expected)
    expect(registered.algorithm).toBe(-257)
    const login = newCeremony()
    const stored = { ...registered, id: registered.credentialId }
    const assertion = await softAssert(credential, login.ceremony)
    await expect(verifyAssertion(assertion, login.expected, stored)).resolves.toBeDefined()
  })
})
