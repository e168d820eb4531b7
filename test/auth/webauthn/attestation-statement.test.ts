import { describe, expect, it } from 'vitest'
import { verifyRegistration } from '../../../src/auth/webauthn/webauthn-registration.ts'
import {
  type SoftAlgorithm,
  type SoftRegistrationKnobs,
  softRegister,
} from '../../helpers/soft-authenticator.ts'
import { newCeremony, reasonOf } from './ceremony-fixtures.ts'
import type { CborInput, CborInputMap } from './test-encoders.ts'

const statement = (fmt: string, ...entries: [string, CborInput][]) => ({
  attestation: { fmt, attStmt: new Map(entries) as CborInputMap },
})
const flipLastBit = (attStmt: CborInputMap) => {
  const sig = Uint8Array.from(attStmt.get('sig') as Uint8Array)
  sig[sig.length - 1] = (sig[sig.length - 1] as number) ^ 1
  attStmt.set('sig', sig)
}

type Knobs = SoftRegistrationKnobs & { algorithm?: SoftAlgorithm }

async function refusedWith(knobs: Knobs) {
  const { ceremony, expected } = newCeremony()
  const { response } = await softRegister(ceremony, knobs)
  return reasonOf(verifyRegistration(response, expected))
}

describe('attestation statements (WebAuthn L3 §8.2 packed, §8.7 none)', () => {
  it.each<[string, Knobs]>([
    ['none with a non-empty attStmt', statement('none', ['alg', -7])],
    [
      'packed self attestation with a wrong signature',
      { attestation: 'packed-self', editAttStmt: flipLastBit },
    ],
    [
      'packed self attestation whose alg is not the key’s',
      { attestation: 'packed-self', editAttStmt: (s) => s.set('alg', -257) },
    ],
    [
      'packed self attestation whose signature is not DER',
      { attestation: 'packed-self', editAttStmt: (s) => s.set('sig', new Uint8Array(70)) },
    ],
    [
      'packed self attestation without sig',
      { attestation: 'packed-self', editAttStmt: (s) => s.delete('sig') },
    ],
    [
      'packed self attestation with an extra member (L1 ecdaaKeyId)',
      { attestation: 'packed-self', editAttStmt: (s) => s.set('ecdaaKeyId', new Uint8Array(8)) },
    ],
    [
      'an EdDSA packed self attestation with a 63-byte signature',
      {
        algorithm: 'EdDSA',
        attestation: 'packed-self',
        editAttStmt: (s) => s.set('sig', (s.get('sig') as Uint8Array).slice(1)),
      },
    ],
  ])('refuses %s as bad_attestation', async (_name, knobs) => {
    expect(await refusedWith(knobs)).toBe('bad_attestation')
  })

  it.each<[string, Knobs]>([
    [
      'packed with an x5c chain',
      statement('packed', ['alg', -7], ['sig', new Uint8Array(70)], ['x5c', [new Uint8Array(300)]]),
    ],
    ['tpm', statement('tpm', ['ver', '2.0'])],
    ['android-key', statement('android-key', ['alg', -7])],
    ['android-safetynet', statement('android-safetynet', ['ver', '1'])],
    [
      'fido-u2f',
      statement('fido-u2f', ['sig', new Uint8Array(70)], ['x5c', [new Uint8Array(300)]]),
    ],
    ['apple', statement('apple', ['x5c', [new Uint8Array(300)]])],
    ['an unregistered format', statement('made-up')],
    ['a format named in another case', statement('None')],
  ])(
    'refuses %s as unsupported_attestation (no trust anchors at the edge)',
    async (_name, knobs) => {
      expect(await refusedWith(knobs)).toBe('unsupported_attestation')
    },
  )
})
