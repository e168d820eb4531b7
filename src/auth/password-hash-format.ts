/**
 * The stored form of a password hash (PHC string format), standard base64 without padding, so
 * parameters can change and old hashes are upgraded on the next good login (OWASP Password
 * Storage Cheat Sheet). Two identifiers, each saying exactly what was computed:
 *
 *   `$pbkdf2-sha256$i=<i>[,pepper=1]$<salt>$<hash>`               one PBKDF2-HMAC-SHA-256 run
 *   `$pbkdf2-sha256-chained$i=<i>,s=<s>[,pepper=1]$<salt>$<hash>` i iterations in links of s
 *                                                                  (src/auth/pbkdf2-chain.ts)
 *
 * A one-link hash is written with the plain identifier: it is a single standard PBKDF2 run,
 * which any PHC-aware verifier can check. A longer chain must not be, because it is not one run.
 */
import { b64decode, b64encode } from './base64.ts'
import { CHAIN_OUTPUT_BYTES } from './pbkdf2-chain.ts'

const SINGLE = 'pbkdf2-sha256'
const CHAINED = 'pbkdf2-sha256-chained'
/** Shorter salts are refused outright; 16 bytes is what we write (NIST SP 800-132 §5.1). */
const MIN_SALT_BYTES = 8

/** A stored hash, parsed: a plain PBKDF2 run is a chain whose one link has all iterations. */
export interface StoredHash {
  iterations: number
  /** Iterations per `deriveBits` call (the last link has the remainder). */
  linkSize: number
  peppered: boolean
  salt: Uint8Array<ArrayBuffer>
  hash: Uint8Array<ArrayBuffer>
}

/** The PHC string of a hash: the plain identifier for one link, the chained one for more. */
export function formatStoredHash({ iterations, linkSize, peppered, salt, hash }: StoredHash) {
  const single = iterations <= linkSize
  const params = [`i=${iterations}`]
  if (!single) params.push(`s=${linkSize}`)
  if (peppered) params.push('pepper=1')
  return `$${single ? SINGLE : CHAINED}$${params.join(',')}$${b64encode(salt)}$${b64encode(hash)}`
}

const COUNT = '([1-9][0-9]{0,9})'
const PARAMS = new Map([
  [SINGLE, new RegExp(`^i=${COUNT}(,pepper=1)?$`)],
  [CHAINED, new RegExp(`^i=${COUNT},s=${COUNT}(,pepper=1)?$`)],
])

/** Parses either identifier; undefined for anything else (never throws). */
export function parseStoredHash(stored: string): StoredHash | undefined {
  const [empty, algorithm, params, salt, hash, ...rest] = stored.split('$')
  const pattern = algorithm === undefined ? undefined : PARAMS.get(algorithm)
  if (empty !== '' || !pattern || rest.length > 0 || !params || !salt || !hash) return undefined
  const match = pattern.exec(params)
  if (!match) return undefined
  const saltBytes = b64decode(salt)
  const hashBytes = b64decode(hash)
  if (
    !saltBytes ||
    !hashBytes ||
    saltBytes.byteLength < MIN_SALT_BYTES ||
    hashBytes.byteLength !== CHAIN_OUTPUT_BYTES
  )
    return undefined
  const iterations = Number(match[1])
  const chained = algorithm === CHAINED
  return {
    iterations,
    linkSize: chained ? Number(match[2]) : iterations,
    peppered: match[chained ? 3 : 2] !== undefined,
    salt: saltBytes,
    hash: hashBytes,
  }
}
