import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPasswordHasher, MAX_PBKDF2_ITERATIONS } from '../../src/auth/password-hash.ts'

const FORMAT = /^\$pbkdf2-sha256\$i=(\d+)(,pepper=1)?\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/
const bytes = (b64: string) => atob(b64).length

describe('password hashing', () => {
  afterEach(() => vi.restoreAllMocks())

  it('stores a self-describing PBKDF2-SHA-256 string with a 16-byte salt and 32-byte hash', async () => {
    const hasher = createPasswordHasher({ iterations: 100_000 })
    const stored = await hasher.hash('correct horse battery staple')
    const match = FORMAT.exec(stored)
    expect(match).not.toBeNull()
    expect(match?.[1]).toBe('100000')
    expect(match?.[2]).toBeUndefined()
    expect(bytes(match?.[3] ?? '')).toBe(16)
    expect(bytes(match?.[4] ?? '')).toBe(32)
    expect(await hasher.hash('correct horse battery staple')).not.toBe(stored) // random salt
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const stored = await hasher.hash('s3cret-passphrase')
    expect(await hasher.verify('s3cret-passphrase', stored)).toEqual({
      ok: true,
      needsRehash: false,
    })
    expect(await hasher.verify('s3cret-passphrasE', stored)).toEqual({
      ok: false,
      needsRehash: false,
    })
  })

  it('compares the derived hash with crypto.subtle.timingSafeEqual, right or wrong', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const stored = await hasher.hash('s3cret-passphrase')
    const compare = vi.spyOn(crypto.subtle, 'timingSafeEqual')
    expect((await hasher.verify('s3cret-passphrase', stored)).ok).toBe(true)
    expect((await hasher.verify('s3cret-passphrasE', stored)).ok).toBe(false)
    await hasher.verifyDummy('anything at all')
    // Once per verification, on the 32-byte outputs: no early exit leaks how much matched.
    expect(compare).toHaveBeenCalledTimes(3)
    for (const [a, b] of compare.mock.calls) {
      expect((a as Uint8Array).byteLength).toBe(32)
      expect((b as Uint8Array).byteLength).toBe(32)
    }
  })

  it('never truncates: passwords differing only in the last of 1024 characters differ', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const long = 'a'.repeat(1023)
    const stored = await hasher.hash(`${long}b`)
    expect((await hasher.verify(`${long}c`, stored)).ok).toBe(false)
    expect((await hasher.verify(`${long}b`, stored)).ok).toBe(true)
  })

  it('normalises with NFKC, so equivalent spellings verify', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const stored = await hasher.hash('ﬁancé-Å') // ligature fi, precomposed é, Angstrom sign
    expect((await hasher.verify('fiance\u0301-\u00c5', stored)).ok).toBe(true)
  })

  it('reports a hash with fewer iterations than configured as needing an upgrade', async () => {
    const old = await createPasswordHasher({ iterations: 20_000 }).hash('pass-phrase-1')
    const current = createPasswordHasher({ iterations: 30_000 })
    expect(await current.verify('pass-phrase-1', old)).toEqual({ ok: true, needsRehash: true })
    expect((await current.verify('wrong-phrase', old)).needsRehash).toBe(false)
  })

  it('applies the pepper, and a peppered hash needs the pepper to verify', async () => {
    const pepper = new TextEncoder().encode('pepper-pepper-pepper-pepper-pepper!')
    const peppered = createPasswordHasher({ iterations: 10_000, pepper })
    const plain = createPasswordHasher({ iterations: 10_000 })
    const stored = await peppered.hash('pass-phrase-2')
    expect(stored).toMatch(/\$i=10000,pepper=1\$/)
    expect((await peppered.verify('pass-phrase-2', stored)).ok).toBe(true)
    expect(await plain.verify('pass-phrase-2', stored)).toMatchObject({
      ok: false,
      problem: 'malformed',
    })
    // Turning a pepper on upgrades old unpeppered hashes at the next good login.
    expect(await peppered.verify('pass-phrase-2', await plain.hash('pass-phrase-2'))).toEqual({
      ok: true,
      needsRehash: true,
    })
  })

  it('keeps the Workers cap of 100,000 per call, and refuses totals it cannot chain', () => {
    expect(MAX_PBKDF2_ITERATIONS).toBe(100_000)
    expect(() => createPasswordHasher({ iterations: 1_000_001 })).toThrow(RangeError)
    expect(() => createPasswordHasher({ iterations: 0 })).toThrow(RangeError)
    expect(() => createPasswordHasher({ iterations: 1.5 })).toThrow(RangeError)
  })

  it('refuses a stored hash beyond the cap before deriving anything (workerd itself would not)', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const stored = await hasher.hash('pass-phrase-3')
    const overCap = stored.replace('$i=10000$', '$i=600000$')
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    expect(await hasher.verify('pass-phrase-3', overCap)).toEqual({
      ok: false,
      needsRehash: false,
      problem: 'over_cap',
    })
    expect(derive).not.toHaveBeenCalled()
    // Local workerd would happily derive 600,000 iterations; production Workers would throw.
    const key = await crypto.subtle.importKey('raw', new Uint8Array(8), 'PBKDF2', false, [
      'deriveBits',
    ])
    const params = {
      name: 'PBKDF2',
      hash: 'SHA-256',
      salt: new Uint8Array(16),
      iterations: 600_000,
    }
    await expect(crypto.subtle.deriveBits(params, key, 256)).resolves.toBeInstanceOf(ArrayBuffer)
  })

  it('rejects malformed stored strings without throwing', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    for (const stored of [
      '',
      'plain',
      '$pbkdf2-sha256$i=10$AAAA$AAAA',
      '$bcrypt$i=10000$a$b',
      '$pbkdf2-sha256$i=1e5$x$y',
    ]) {
      expect(await hasher.verify('whatever', stored)).toMatchObject({
        ok: false,
        problem: 'malformed',
      })
    }
  })

  it('runs the same PBKDF2 work for the dummy check as for a real one', async () => {
    const hasher = createPasswordHasher({ iterations: 12_345 })
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    await hasher.verifyDummy('anything at all')
    expect(derive).toHaveBeenCalledTimes(1)
    expect(derive.mock.calls[0]?.[0]).toMatchObject({
      name: 'PBKDF2',
      hash: 'SHA-256',
      iterations: 12_345,
    })
  })

  it('chains the dummy check exactly like a real hash past the cap (250,000: 3 calls)', async () => {
    const hasher = createPasswordHasher({ iterations: 250_000 })
    const stored = await hasher.hash('the real pass phrase')
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const iterations = () =>
      derive.mock.calls.map(([params]) => (params as { iterations: number }).iterations)
    await hasher.verify('a wrong pass phrase', stored)
    const real = iterations()
    derive.mockClear()
    await hasher.verifyDummy('a wrong pass phrase')
    expect(real).toEqual([100_000, 100_000, 50_000])
    expect(iterations()).toEqual(real)
  })
})
