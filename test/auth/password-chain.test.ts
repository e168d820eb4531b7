import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPasswordHasher, DEFAULT_PASSWORD_ITERATIONS } from '../../src/auth/password-hash.ts'
import { chainLinks, deriveChained, MAX_PBKDF2_ITERATIONS } from '../../src/auth/pbkdf2-chain.ts'
import { CHAIN_VECTORS, type ChainVector } from './password-chain-vectors.ts'

const pepperOf = (v: ChainVector) =>
  v.pepper === undefined ? undefined : new TextEncoder().encode(v.pepper)
const saltOf = (v: ChainVector) => Uint8Array.from(atob(v.salt), (c) => c.charCodeAt(0))
/** The iterations of every PBKDF2 `deriveBits` call the spy saw. */
const pbkdf2Calls = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls
    .map(([params]) => params as { name: string; iterations: number })
    .filter((params) => params.name === 'PBKDF2')
    .map((params) => params.iterations)

describe('chained PBKDF2-HMAC-SHA-256 in the Worker, against the Node reference vectors', () => {
  afterEach(() => vi.restoreAllMocks())

  it.each(CHAIN_VECTORS)('verifies "$name" and refuses a wrong password', async (vector) => {
    const hasher = createPasswordHasher({ iterations: vector.iterations, pepper: pepperOf(vector) })
    expect(await hasher.verify(vector.password, vector.phc)).toEqual({
      ok: true,
      needsRehash: false,
    })
    expect((await hasher.verify(`${vector.password}!`, vector.phc)).ok).toBe(false)
  })

  it.each(
    CHAIN_VECTORS.filter((v) => v.linkSize === Math.min(v.iterations, MAX_PBKDF2_ITERATIONS)),
  )('writes exactly the vector "$name" given its salt', async (vector) => {
    const hasher = createPasswordHasher({ iterations: vector.iterations, pepper: pepperOf(vector) })
    // The salt is the only randomness in a hash: fix it to the vector's.
    vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      if (array instanceof Uint8Array) array.set(saltOf(vector))
      return array
    })
    expect(await hasher.hash(vector.password)).toBe(vector.phc)
  })

  it('runs a link of the remainder last, each link on the previous output', async () => {
    expect(chainLinks(600_000, 100_000)).toEqual(Array(6).fill(100_000))
    expect(chainLinks(250_000, 100_000)).toEqual([100_000, 100_000, 50_000])
    const vector = CHAIN_VECTORS.find((v) => v.iterations === 5)
    if (!vector) throw new Error('no small-link vector')
    const password = new Uint8Array(new TextEncoder().encode(vector.password))
    const out = await deriveChained(password, saltOf(vector), 5, 2)
    expect(vector.phc.endsWith(btoa(String.fromCharCode(...out)).replace(/=+$/, ''))).toBe(true)
  })

  it('verifies an old single-run hash under the chained default, and asks for the upgrade', async () => {
    const old = await createPasswordHasher({ iterations: 100_000 }).hash('pass-phrase-4')
    expect(old).toMatch(/^\$pbkdf2-sha256\$i=100000\$/)
    const current = createPasswordHasher({ iterations: 600_000 })
    expect(await current.verify('pass-phrase-4', old)).toEqual({ ok: true, needsRehash: true })
    const fresh = await current.hash('pass-phrase-4')
    expect(await current.verify('pass-phrase-4', fresh)).toEqual({ ok: true, needsRehash: false })
  })

  it('never asks one deriveBits call for more than 100,000 iterations', async () => {
    const hasher = createPasswordHasher({ iterations: DEFAULT_PASSWORD_ITERATIONS })
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const stored = await hasher.hash('a long pass phrase')
    expect(stored).toMatch(/^\$pbkdf2-sha256-chained\$i=600000,s=100000\$/)
    expect(pbkdf2Calls(derive)).toEqual(Array(6).fill(MAX_PBKDF2_ITERATIONS))
    // The per-call check itself, before Web Crypto is asked (local workerd would comply).
    derive.mockClear()
    const salt = new Uint8Array(16)
    await expect(deriveChained(new Uint8Array(8), salt, 100_001, 100_001)).rejects.toThrow(
      RangeError,
    )
    expect(derive).not.toHaveBeenCalled()
  })

  it('refuses stored chains over the caps, or of absurdly many links, before deriving', async () => {
    const hasher = createPasswordHasher({ iterations: 10_000 })
    const tail = '$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const over = { ok: false, needsRehash: false, problem: 'over_cap' }
    expect(await hasher.verify('x', `$pbkdf2-sha256-chained$i=400000,s=200000${tail}`)).toEqual(
      over,
    )
    expect(await hasher.verify('x', `$pbkdf2-sha256-chained$i=1000100,s=100000${tail}`)).toEqual(
      over,
    )
    for (const params of ['i=600000,s=1000', 'i=600000', 's=100000,i=600000', 'i=600000,s=0'])
      expect(await hasher.verify('x', `$pbkdf2-sha256-chained$${params}${tail}`)).toMatchObject({
        problem: 'malformed',
      })
    expect(derive).not.toHaveBeenCalled()
  })
})
