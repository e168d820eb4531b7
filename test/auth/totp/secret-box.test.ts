import { describe, expect, it } from 'vitest'
import { b64decode, b64url } from '../../../src/auth/base64.ts'
import { createSecretBox, SecretBoxError } from '../../../src/auth/totp/secret-box.ts'
import { parseSecretBoxKeys, type SecretBoxKeys } from '../../../src/auth/totp/secret-box-keys.ts'
import { generateTotpSecret } from '../../../src/auth/totp/totp-code.ts'

const USER = '4b0c3d1e-0000-4000-8000-000000000001'
const OTHER_USER = '4b0c3d1e-0000-4000-8000-000000000002'

const newKey = () => b64url(crypto.getRandomValues(new Uint8Array(32)))

function keysOf(config: string): SecretBoxKeys {
  const parsed = parseSecretBoxKeys(config)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.keys
}

const boxOf = (config: string) => createSecretBox(keysOf(config))

/** Flips one bit of the decoded ciphertext at `index` (negative counts from the end). */
function flipBit(ciphertext: string, index: number): string {
  const bytes = b64decode(ciphertext) as Uint8Array
  const at = index < 0 ? bytes.byteLength + index : index
  bytes[at] = (bytes[at] as number) ^ 0x01
  return b64url(bytes)
}

async function failure(promise: Promise<unknown>): Promise<SecretBoxError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(SecretBoxError)
  return error as SecretBoxError
}

describe('secret box', () => {
  it('opens what it sealed, for the same owner', async () => {
    const box = await boxOf(`k1:${newKey()}`)
    const secret = generateTotpSecret()
    const sealed = await box.seal(secret, USER)
    expect(sealed.keyId).toBe('k1')
    expect(await box.open(sealed, USER)).toEqual(secret)
  })

  it('stores base64url of a 12-byte IV, the ciphertext and a 16-byte tag, fresh each time', async () => {
    const box = await boxOf(`k1:${newKey()}`)
    const secret = generateTotpSecret()
    const a = await box.seal(secret, USER)
    const b = await box.seal(secret, USER)
    expect(a.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(b64decode(a.ciphertext)?.byteLength).toBe(12 + 20 + 16)
    expect(a.ciphertext).not.toBe(b.ciphertext)
    expect(a.ciphertext.slice(0, 16)).not.toBe(b.ciphertext.slice(0, 16))
    expect(a.ciphertext).not.toContain(b64url(secret).slice(0, 8))
  })

  it.each([
    ['the IV', 0],
    ['the IV, last byte', 11],
    ['the ciphertext', 12],
    ['the tag', -1],
  ])('refuses a bit flipped in %s', async (_, index) => {
    const box = await boxOf(`k1:${newKey()}`)
    const sealed = await box.seal(generateTotpSecret(), USER)
    const tampered = { ...sealed, ciphertext: flipBit(sealed.ciphertext, index as number) }
    const error = await failure(box.open(tampered, USER))
    expect(error.reason).toBe('undecryptable')
    expect(error.code).toBe('internal')
    expect(error.status).toBe(500)
  })

  it('refuses truncated, empty and non-base64url ciphertexts', async () => {
    const box = await boxOf(`k1:${newKey()}`)
    const sealed = await box.seal(generateTotpSecret(), USER)
    for (const ciphertext of [
      sealed.ciphertext.slice(0, -4),
      sealed.ciphertext.slice(0, 36),
      '',
      `${sealed.ciphertext}=`,
      sealed.ciphertext.replace(/-/g, '+').replace(/_/g, '/'),
      `${sealed.ciphertext} `,
    ]) {
      if (ciphertext === sealed.ciphertext) continue
      expect((await failure(box.open({ ...sealed, ciphertext }, USER))).reason).toBe(
        'undecryptable',
      )
    }
  })

  it("refuses another user's ciphertext copied into this row (the AAD)", async () => {
    const box = await boxOf(`k1:${newKey()}`)
    const sealed = await box.seal(generateTotpSecret(), OTHER_USER)
    expect((await failure(box.open(sealed, USER))).reason).toBe('undecryptable')
    expect((await failure(box.open(sealed, `${OTHER_USER} `))).reason).toBe('undecryptable')
  })

  it('refuses an empty AAD on both sides', async () => {
    const box = await boxOf(`k1:${newKey()}`)
    await expect(box.seal(generateTotpSecret(), '')).rejects.toThrow(TypeError)
    const sealed = await box.seal(generateTotpSecret(), USER)
    await expect(box.open(sealed, '')).rejects.toThrow(TypeError)
  })

  it('names an unknown key id as a misconfiguration, without echoing it to the client', async () => {
    const box = await boxOf(`k1:${newKey()}`)
    const sealed = await box.seal(generateTotpSecret(), USER)
    const error = await failure(box.open({ ...sealed, keyId: 'k0' }, USER))
    expect(error.reason).toBe('unknown_key')
    expect(error.code).toBe('misconfigured')
    expect(error.outcome).toBe('secret_box_unknown_key')
    expect(error.message).toBe('The service is misconfigured')
    expect((await failure(box.open({ ...sealed, keyId: '__proto__' }, USER))).reason).toBe(
      'unknown_key',
    )
  })

  it('rotates: old secrets open after a new first key is added, and ask to be resealed', async () => {
    const oldKey = newKey()
    const before = await boxOf(`old:${oldKey}`)
    const secret = generateTotpSecret()
    const sealed = await before.seal(secret, USER)
    expect(before.needsRekey(sealed.keyId)).toBe(false)

    const after = await boxOf(`new:${newKey()},old:${oldKey}`)
    expect(after.currentKeyId).toBe('new')
    expect(after.needsRekey(sealed.keyId)).toBe(true)
    expect(await after.open(sealed, USER)).toEqual(secret)
    const resealed = await after.seal(await after.open(sealed, USER), USER)
    expect(resealed.keyId).toBe('new')
    expect(after.needsRekey(resealed.keyId)).toBe(false)

    // The old key is gone only once nothing needs it: what was not resealed stops opening.
    const retired = await boxOf(`new:${newKey()}`)
    expect((await failure(retired.open(sealed, USER))).reason).toBe('unknown_key')
  })

  it('gives a database dump nothing: the same key id with another key does not open', async () => {
    const sealed = await (await boxOf(`k1:${newKey()}`)).seal(generateTotpSecret(), USER)
    const attacker = await boxOf(`k1:${newKey()}`)
    expect((await failure(attacker.open(sealed, USER))).reason).toBe('undecryptable')
  })

  it('refuses to build from keys that did not come through the parser', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32))
    await expect(
      createSecretBox([
        { id: 'a', key },
        { id: 'a', key },
      ]),
    ).rejects.toThrow()
    const short = crypto.getRandomValues(new Uint8Array(16))
    await expect(createSecretBox([{ id: 'a', key: short }])).rejects.toThrow()
  })
})

describe('MFA_ENCRYPTION_KEY', () => {
  it('parses one key, or several with the first one sealing', () => {
    const [a, b] = [newKey(), newKey()]
    const one = parseSecretBoxKeys(`2026-12:${a}`)
    expect(one.ok && one.keys.map((k) => k.id)).toEqual(['2026-12'])
    const two = parseSecretBoxKeys(` new_1:${b} , old-0:${a}\n`)
    expect(two.ok && two.keys.map((k) => k.id)).toEqual(['new_1', 'old-0'])
    expect(two.ok && b64url(two.keys[0].key)).toBe(b)
  })

  const key = newKey()
  const refusals: [what: string, value: string, reason: RegExp][] = [
    ['empty', '', /no key/],
    ['blank', '  \n', /no key/],
    ['no colon', key, /entry 1 is not <key id>:<key>/],
    ['an empty key id', `:${key}`, /entry 1: a key id/],
    ['a key id with a space', `k 1:${key}`, /entry 1: a key id/],
    ['a key id with a slash', `k/1:${key}`, /entry 1: a key id/],
    ['a key id of 33 characters', `${'k'.repeat(33)}:${key}`, /entry 1: a key id/],
    ['a trailing comma', `k1:${key},`, /entry 2 is not/],
    ['a duplicate key id', `k1:${key},k2:${newKey()},k1:${newKey()}`, /entry 3 repeats .* entry 1/],
    ['a short key (31 bytes)', `k1:${b64url(new Uint8Array(31).fill(7))}`, /32 bytes, this one 31/],
    ['a long key (33 bytes)', `k1:${b64url(new Uint8Array(33).fill(7))}`, /32 bytes, this one 33/],
    ['a 16-byte (AES-128) key', `k1:${b64url(new Uint8Array(16).fill(7))}`, /this one 16/],
    ['standard base64', `k1:${key.replace(/.$/, '+')}`, /not unpadded base64url/],
    ['padding', `k1:${key}=`, /not unpadded base64url/],
    ['an impossible length', `k1:${key}AB`, /not unpadded base64url/],
    ['non-canonical last character', `k1:${key.slice(0, 42)}B`, /canonical/],
    ['a key and its id swapped', `${key}:k1`, /entry 1: a key id/],
  ]

  it.each(refusals)('refuses %s, with a reason that quotes no key material', (_, value, reason) => {
    const parsed = parseSecretBoxKeys(value)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.reason).toMatch(/^MFA_ENCRYPTION_KEY: /)
    expect(parsed.reason).toMatch(reason)
    expect(parsed.reason).not.toContain(key.slice(0, 12))
    expect(parsed.reason).not.toContain(key.slice(-12))
  })

  it('tells a short key from a long one, by length only', () => {
    const parsed = parseSecretBoxKeys(`k1:${key.slice(0, 40)}`)
    expect(parsed).toEqual({
      ok: false,
      reason: 'MFA_ENCRYPTION_KEY: entry 1: a key is 32 bytes, this one 30',
    })
  })
})
