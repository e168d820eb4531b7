/**
 * Password hashing with PBKDF2-HMAC-SHA-256 through Web Crypto, the only password KDF the
 * Workers runtime offers natively (OWASP Password Storage Cheat Sheet; NIST SP 800-63B §3.1.1.2),
 * at OWASP's 600,000 iterations although production Workers allow only 100,000 per call: the
 * work runs as a chain of calls (src/auth/pbkdf2-chain.ts) and is stored as a self-describing
 * PHC string (src/auth/password-hash-format.ts), so old hashes, `$pbkdf2-sha256$i=100000` among
 * them, keep verifying and are upgraded on the next good login.
 */
import { formatStoredHash, parseStoredHash, type StoredHash } from './password-hash-format.ts'
import { CHAIN_OUTPUT_BYTES, deriveChained, MAX_PBKDF2_ITERATIONS } from './pbkdf2-chain.ts'

export { MAX_PBKDF2_ITERATIONS } from './pbkdf2-chain.ts'

/** OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA-256 at 600,000 iterations. */
export const DEFAULT_PASSWORD_ITERATIONS = 600_000
/**
 * The most a hash may cost, configured or stored: 10 calls, about 120 ms of workerd CPU against
 * 70 ms at 600,000 (measured on a 2-core EPYC). Past OWASP's figure, doubling the iterations adds
 * one bit of work per offline guess but doubles the CPU of every login and of every guess at an
 * unknown email (the dummy hash); and no stored string can make one login cost more than this.
 */
export const MAX_PASSWORD_ITERATIONS = 1_000_000
/** A stored chain of more calls is malformed: we write 100,000 per call; tiny links only add overhead. */
const MAX_CHAIN_LINKS = 100
const SALT_BYTES = 16

export interface VerifyResult {
  ok: boolean
  /** The stored hash is weaker than the current settings: store a fresh hash now. */
  needsRehash: boolean
  /** Why a stored hash could not be checked at all. */
  problem?: 'malformed' | 'over_cap'
}

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(password: string, stored: string): Promise<VerifyResult>
  /** The same work as `verify`, against a dummy hash: for unknown emails (no timing oracle). */
  verifyDummy(password: string): Promise<void>
}

export interface PasswordHasherOptions {
  /** Total PBKDF2 iterations of a new hash, 1..MAX_PASSWORD_ITERATIONS, chained past the cap. */
  iterations: number
  /** An HMAC key applied before PBKDF2, kept outside the database (OWASP: peppering). */
  pepper?: Uint8Array | undefined
}

/** Builds the hasher for one isolate; refuses settings it could not run within the caps. */
export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const { iterations, pepper } = options
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PASSWORD_ITERATIONS)
    throw new RangeError(`password iterations must be an integer in 1..${MAX_PASSWORD_ITERATIONS}`)
  const peppered = pepper !== undefined
  const linkSize = Math.min(iterations, MAX_PBKDF2_ITERATIONS)
  const pepperKey = pepper && importHmacKey(pepper)
  const prepare = (password: string, withPepper: boolean) =>
    preparePassword(password, withPepper ? pepperKey : undefined)
  const fresh = (salt: StoredHash['salt'], hash: StoredHash['hash']) =>
    formatStoredHash({ iterations, linkSize, peppered, salt, hash })
  // Same parameters as a real hash, so an unknown email costs the same calls of the same cost.
  const dummy = fresh(randomSalt(), new Uint8Array(CHAIN_OUTPUT_BYTES))

  const verify = async (password: string, stored: string): Promise<VerifyResult> => {
    const parsed = parseStoredHash(stored)
    if (!parsed || Math.ceil(parsed.iterations / parsed.linkSize) > MAX_CHAIN_LINKS)
      return { ok: false, needsRehash: false, problem: 'malformed' }
    // Checked before deriving: production would throw on a call over the cap, so local runs
    // must fail the same way; and no stored string may make one login cost more than the bound.
    if (parsed.linkSize > MAX_PBKDF2_ITERATIONS || parsed.iterations > MAX_PASSWORD_ITERATIONS)
      return { ok: false, needsRehash: false, problem: 'over_cap' }
    if (parsed.peppered && !pepperKey)
      return { ok: false, needsRehash: false, problem: 'malformed' }
    const key = await prepare(password, parsed.peppered)
    const derived = await deriveChained(key, parsed.salt, parsed.iterations, parsed.linkSize)
    const ok = crypto.subtle.timingSafeEqual(derived, parsed.hash)
    const weaker =
      parsed.iterations < iterations ||
      parsed.peppered !== peppered ||
      parsed.salt.byteLength < SALT_BYTES
    return { ok, needsRehash: ok && weaker }
  }

  return {
    async hash(password) {
      const salt = randomSalt()
      return fresh(
        salt,
        await deriveChained(await prepare(password, peppered), salt, iterations, linkSize),
      )
    },
    verify,
    async verifyDummy(password) {
      await verify(password, dummy)
    },
  }
}

function randomSalt(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(SALT_BYTES))
}

/** NFKC as NIST 800-63B §3.1.1.2 asks, then the optional pepper (HMAC-SHA-256). */
async function preparePassword(
  password: string,
  pepperKey: Promise<CryptoKey> | undefined,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(new TextEncoder().encode(password.normalize('NFKC')))
  if (!pepperKey) return bytes
  return new Uint8Array(await crypto.subtle.sign('HMAC', await pepperKey, bytes))
}

function importHmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
}
