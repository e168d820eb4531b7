/**
 * Password hashing with PBKDF2-HMAC-SHA-256 through Web Crypto, the only password KDF the
 * Workers runtime offers natively (OWASP Password Storage Cheat Sheet; NIST SP 800-63B §3.1.1.2).
 *
 * Stored form (PHC string format): `$pbkdf2-sha256$i=<iterations>[,pepper=1]$<salt>$<hash>`,
 * standard base64 without padding, so parameters can change and old hashes are upgraded on the
 * next good login.
 */
import { b64decode, b64encode } from './base64.ts'

/** Production Workers refuse PBKDF2 with more iterations than this in one call; workerd does not. */
export const MAX_PBKDF2_ITERATIONS = 100_000
const SALT_BYTES = 16
const HASH_BYTES = 32
const ALGORITHM = 'pbkdf2-sha256'

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

interface ParsedHash {
  iterations: number
  peppered: boolean
  salt: Uint8Array<ArrayBuffer>
  hash: Uint8Array<ArrayBuffer>
}

export interface PasswordHasherOptions {
  iterations: number
  /** An HMAC key applied before PBKDF2, kept outside the database (OWASP: peppering). */
  pepper?: Uint8Array | undefined
}

/** Builds the hasher for one isolate; refuses settings production Workers would refuse. */
export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const { iterations, pepper } = options
  assertIterations(iterations)
  const pepperKey = pepper && importHmacKey(pepper)
  const prepare = (password: string, peppered: boolean) =>
    preparePassword(password, peppered ? pepperKey : undefined)
  const dummy = format({
    iterations,
    peppered: pepper !== undefined,
    salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
    hash: new Uint8Array(HASH_BYTES),
  })

  const verify = async (password: string, stored: string): Promise<VerifyResult> => {
    const parsed = parse(stored)
    if (!parsed) return { ok: false, needsRehash: false, problem: 'malformed' }
    // Checked before deriving: production would throw here, so local runs must fail the same way.
    if (parsed.iterations > MAX_PBKDF2_ITERATIONS)
      return { ok: false, needsRehash: false, problem: 'over_cap' }
    if (parsed.peppered && !pepperKey)
      return { ok: false, needsRehash: false, problem: 'malformed' }
    const derived = await derive(
      await prepare(password, parsed.peppered),
      parsed.salt,
      parsed.iterations,
    )
    const ok = crypto.subtle.timingSafeEqual(derived, parsed.hash)
    const weaker =
      parsed.iterations < iterations ||
      parsed.peppered !== (pepper !== undefined) ||
      parsed.salt.byteLength < SALT_BYTES
    return { ok, needsRehash: ok && weaker }
  }

  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
      const hash = await derive(await prepare(password, pepper !== undefined), salt, iterations)
      return format({ iterations, peppered: pepper !== undefined, salt, hash })
    },
    verify,
    async verifyDummy(password) {
      await verify(password, dummy)
    },
  }
}

function assertIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be an integer in 1..${MAX_PBKDF2_ITERATIONS}`)
  }
}

async function derive(
  password: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
) {
  assertIterations(iterations)
  const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  )
  return new Uint8Array(bits)
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

function format({ iterations, peppered, salt, hash }: ParsedHash): string {
  const params = peppered ? `i=${iterations},pepper=1` : `i=${iterations}`
  return `$${ALGORITHM}$${params}$${b64encode(salt)}$${b64encode(hash)}`
}

function parse(stored: string): ParsedHash | undefined {
  const [empty, algorithm, params, salt, hash, ...rest] = stored.split('$')
  if (empty !== '' || algorithm !== ALGORITHM || rest.length > 0 || !params || !salt || !hash)
    return undefined
  const match = /^i=([1-9][0-9]{0,9})(,pepper=1)?$/.exec(params)
  if (!match) return undefined
  const saltBytes = b64decode(salt)
  const hashBytes = b64decode(hash)
  if (!saltBytes || !hashBytes || saltBytes.byteLength < 8 || hashBytes.byteLength !== HASH_BYTES)
    return undefined
  return {
    iterations: Number(match[1]),
    peppered: match[2] !== undefined,
    salt: saltBytes,
    hash: hashBytes,
  }
}
