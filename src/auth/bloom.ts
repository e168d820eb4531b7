/**
 * A Bloom filter: set membership in a few bits per entry, with a chosen false-positive rate and
 * no false negatives. Used to ship the common-password list inside the Worker at a fraction of
 * its size. Hashing: two FNV-1a 32-bit hashes combined by double hashing (Kirsch–Mitzenmacher).
 */

export interface BloomFilter {
  /** Number of bits. */
  m: number
  /** Number of hash functions. */
  k: number
  bits: Uint8Array
}

const encoder = new TextEncoder()

function fnv1a(bytes: Uint8Array, seed: number): number {
  let hash = seed >>> 0
  for (const byte of bytes) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

function* positions(filter: Pick<BloomFilter, 'm' | 'k'>, value: string): Generator<number> {
  const bytes = encoder.encode(value)
  const h1 = fnv1a(bytes, 0x811c9dc5)
  const h2 = fnv1a(bytes, 0x5bd1e995) | 1
  for (let i = 0; i < filter.k; i++) yield ((h1 + Math.imul(i, h2)) >>> 0) % filter.m
}

export function bloomHas(filter: BloomFilter, value: string): boolean {
  for (const bit of positions(filter, value)) {
    if (((filter.bits[bit >>> 3] ?? 0) & (1 << (bit & 7))) === 0) return false
  }
  return true
}

/** Sizes the filter for `values.length` entries at `falsePositiveRate`, and fills it. */
export function bloomBuild(values: string[], falsePositiveRate: number): BloomFilter {
  const n = Math.max(1, values.length)
  const m = Math.ceil((-n * Math.log(falsePositiveRate)) / Math.LN2 ** 2)
  const k = Math.max(1, Math.round((m / n) * Math.LN2))
  const filter: BloomFilter = { m, k, bits: new Uint8Array(Math.ceil(m / 8)) }
  for (const value of values) {
    for (const bit of positions(filter, value))
      filter.bits[bit >>> 3] = (filter.bits[bit >>> 3] ?? 0) | (1 << (bit & 7))
  }
  return filter
}
