/**
 * The reference for chained PBKDF2-HMAC-SHA-256, outside the Worker: Node's OpenSSL PBKDF2,
 * chained as src/auth/pbkdf2-chain.ts defines it, written here without importing src/. It checks
 * the vectors that test/auth/password-chain.test.ts holds the Worker to.
 */
import { createHmac, pbkdf2Sync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CHAIN_VECTORS, type ChainVector } from '../auth/password-chain-vectors.ts'

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')

/** K_0 = NFKC password (HMAC-SHA-256 with the pepper, if any); K_j = PBKDF2(K_(j-1), salt, c_j). */
function referenceChain(vector: Omit<ChainVector, 'name' | 'phc'>): Buffer {
  let key = Buffer.from(vector.password.normalize('NFKC'), 'utf8')
  if (vector.pepper !== undefined) key = createHmac('sha256', vector.pepper).update(key).digest()
  const salt = Buffer.from(vector.salt, 'base64')
  for (let left = vector.iterations; left > 0; left -= vector.linkSize)
    key = pbkdf2Sync(key, salt, Math.min(left, vector.linkSize), 32, 'sha256')
  return key
}

function referencePhc(vector: ChainVector): string {
  const single = vector.iterations <= vector.linkSize
  const params = [`i=${vector.iterations}`]
  if (!single) params.push(`s=${vector.linkSize}`)
  if (vector.pepper !== undefined) params.push('pepper=1')
  const id = single ? 'pbkdf2-sha256' : 'pbkdf2-sha256-chained'
  return `$${id}$${params.join(',')}$${vector.salt}$${b64(referenceChain(vector))}`
}

describe('chained PBKDF2-HMAC-SHA-256, the Node reference', () => {
  it('is standard PBKDF2 for one link (RFC 7914 §11: "Password", "NaCl", 80,000)', () => {
    const salt = Buffer.from('NaCl').toString('base64')
    const one = { password: 'Password', salt, iterations: 80_000, linkSize: 80_000 }
    expect(referenceChain(one).toString('hex')).toBe(
      '4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56',
    )
  })

  it.each(CHAIN_VECTORS)('agrees with the vector "$name"', (vector) => {
    expect(referencePhc(vector)).toBe(vector.phc)
  })

  it('covers one link, the 600,000 default, a remainder, a pepper and NFKC', () => {
    expect(CHAIN_VECTORS.map((v) => Math.ceil(v.iterations / v.linkSize))).toEqual([1, 6, 3, 2, 3])
    expect(CHAIN_VECTORS.some((v) => v.pepper !== undefined)).toBe(true)
    expect(CHAIN_VECTORS.some((v) => v.password !== v.password.normalize('NFKC'))).toBe(true)
  })

  it('differs from one PBKDF2 run of the same total: hence its own PHC identifier', () => {
    const vector = CHAIN_VECTORS.find((v) => v.iterations === 600_000)
    if (!vector) throw new Error('no 600,000 vector')
    const oneRun = pbkdf2Sync(
      vector.password,
      Buffer.from(vector.salt, 'base64'),
      600_000,
      32,
      'sha256',
    )
    expect(vector.phc.endsWith(b64(oneRun))).toBe(false)
    expect(vector.phc).toMatch(/^\$pbkdf2-sha256-chained\$i=600000,s=100000\$/)
  })
})

describe('wrangler.toml', () => {
  it('deploys 600,000 iterations in [vars] and in [env.loadtest.vars]', () => {
    const toml = readFileSync('wrangler.toml', 'utf8')
    const values = [...toml.matchAll(/^PASSWORD_ITERATIONS\s*=\s*"(\d+)"/gm)].map((m) => m[1])
    expect(values).toEqual(['600000', '600000'])
  })
})
