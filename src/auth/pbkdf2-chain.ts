/**
 * Chained PBKDF2-HMAC-SHA-256: OWASP's iteration count for PBKDF2-HMAC-SHA-256 (Password Storage
 * Cheat Sheet: 600,000) on a platform that refuses more than 100,000 iterations in one
 * `deriveBits` call. The cap is per call, not per password, so the work is split into links:
 *
 *   inputs: key material P (the prepared password bytes), salt S, total iterations i >= 1,
 *           link size s (1 <= s <= 100,000)
 *   n   = ceil(i / s)                          the number of links (calls)
 *   c_j = s for j < n, and c_n = i - (n - 1) * s   (every link has s iterations but the last,
 *                                                    which has the remainder)
 *   K_0 = P
 *   K_j = PBKDF2-HMAC-SHA-256(password = K_(j-1), salt = S, iterations = c_j, dkLen = 32)
 *   output = K_n (32 bytes)
 *
 * With n = 1 this is exactly one PBKDF2 run, so a one-link chain equals plain PBKDF2 (RFC 8018).
 * Each link needs the whole 32-byte output of the one before it, and each output is the XOR of
 * all of that link's HMAC blocks, so a guess costs an attacker the same i sequential
 * HMAC-SHA-256 computations as one PBKDF2 run of i iterations (plus n - 1 key setups), with no
 * shortcut and no loss of entropy: 32 bytes is SHA-256's full output.
 */

/** Production Workers refuse PBKDF2 with more iterations than this in one call; workerd does not. */
export const MAX_PBKDF2_ITERATIONS = 100_000
/** The output of every link and of the chain: SHA-256's full width (no extra PBKDF2 blocks). */
export const CHAIN_OUTPUT_BYTES = 32

/** The iteration count of each `deriveBits` call in a chain of `iterations` total (see above). */
export function chainLinks(iterations: number, linkSize: number): number[] {
  assertCount(iterations, Number.MAX_SAFE_INTEGER, 'total iterations')
  assertCount(linkSize, MAX_PBKDF2_ITERATIONS, 'link size')
  const links: number[] = []
  for (let left = iterations; left > 0; left -= linkSize) links.push(Math.min(left, linkSize))
  return links
}

/**
 * Derives the chain's 32-byte output. Every call is checked against the per-call cap here,
 * because local workerd would accept more and only production would throw.
 */
export async function deriveChained(
  keyMaterial: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  linkSize: number,
): Promise<Uint8Array<ArrayBuffer>> {
  let key = keyMaterial
  for (const count of chainLinks(iterations, linkSize)) key = await derive(key, salt, count)
  return key
}

async function derive(
  password: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  assertCount(iterations, MAX_PBKDF2_ITERATIONS, 'PBKDF2 iterations per call')
  const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    CHAIN_OUTPUT_BYTES * 8,
  )
  return new Uint8Array(bits)
}

function assertCount(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new RangeError(`${what} must be an integer in 1..${max}`)
}
