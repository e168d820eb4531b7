/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): HMAC-SHA-1, 6 digits, 30-second
 * steps counted from the Unix epoch (T0 = 0), which is what every authenticator app computes from
 * an otpauth:// URI with default parameters (see otpauth-uri.ts). Pure functions over Web Crypto:
 * the caller stores the secret (sealed, see secret-box.ts) and the last step it accepted.
 */

/** RFC 6238 §5.2: a 30-second time step, the RECOMMENDED default. */
export const TOTP_PERIOD_SECONDS = 30
/** RFC 4226 §5.3: at least 6 digits; authenticator apps show 6 by default. */
export const TOTP_DIGITS = 6
/** RFC 4226 §4 R6: at least 128 bits, 160 RECOMMENDED (NIST SP 800-63B-4 §3.1.4.1: >= 112). */
export const TOTP_SECRET_BYTES = 20

const MIN_SECRET_BYTES = 16
/** RFC 6238 §5.2 RECOMMENDS at most one step of network delay; two is the most we allow. */
const MAX_WINDOW = 2
const CODE_SHAPE = /^[0-9]{6}$/

/** A new shared secret: 160 random bits. Show it with base32Encode / otpauthUri, store it sealed. */
export function generateTotpSecret(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES))
}

/** The time step that contains `ms` (ms since the epoch): RFC 6238 §4.2, T = floor(t / 30 s). */
export function stepAt(ms: number): number {
  return Math.floor(ms / (TOTP_PERIOD_SECONDS * 1000))
}

/**
 * The code for one time step, as a zero-padded decimal string. `digits` is 6 unless a test needs
 * the 8-digit values of RFC 6238 Appendix B (RFC 4226 §5.3 allows 6 to 8).
 */
export async function generateTotp(
  secret: Uint8Array,
  step: number,
  options: { digits?: number } = {},
): Promise<string> {
  const digits = options.digits ?? TOTP_DIGITS
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError('TOTP digits must be 6, 7 or 8')
  }
  return hotp(await importSecret(secret), step, digits)
}

/**
 * Checks a code typed by the user against the steps around `nowMs`: the current one and `window`
 * steps either way (default 1, RFC 6238 §5.2). Returns the step the code belongs to, or undefined.
 *
 * Replay contract (RFC 6238 §5.2: a verifier MUST NOT accept the same OTP twice; NIST SP 800-63B-4
 * §3.1.4.2: "accept a given OTP only once while it is valid"): the caller accepts the returned step only if it is GREATER than the last step it
 * accepted for this user, and records it in the same statement, e.g.
 * `UPDATE ... SET last_used_step = $step WHERE user_id = $id AND (last_used_step IS NULL OR
 * last_used_step < $step)`, counting zero rows as a wrong code. "Greater", not "different": a code
 * from an earlier step still inside the window is refused once a later one has been used. The step
 * is the code's own, not the current one, so a code for the next step used early cannot be
 * replayed when that step arrives. Six digits are about 20 bits: the caller must also count
 * failures in the per-account lockout (NIST SP 800-63B-4 §3.2.2).
 *
 * Anything but 6 ASCII digits (spaces allowed: apps show "123 456") is refused before any
 * cryptography. Every candidate step is computed and compared in constant time, matched or not.
 * Should two steps share a code (about 1 in 10^6), the latest wins, so neither can be replayed.
 */
export async function matchTotp(
  secret: Uint8Array,
  code: string,
  nowMs: number,
  options: { window?: number } = {},
): Promise<number | undefined> {
  const window = options.window ?? 1
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`the TOTP window must be an integer from 0 to ${MAX_WINDOW}`)
  }
  const typed = typeof code === 'string' ? code.trim().replaceAll(' ', '') : ''
  if (!CODE_SHAPE.test(typed)) return undefined
  const key = await importSecret(secret)
  const current = stepAt(nowMs)
  const steps: number[] = []
  for (let step = current - window; step <= current + window; step++) {
    if (step >= 0) steps.push(step)
  }
  const candidates = await Promise.all(steps.map((step) => hotp(key, step, TOTP_DIGITS)))
  const given = new TextEncoder().encode(typed)
  let matched: number | undefined
  for (const [index, candidate] of candidates.entries()) {
    // Equal lengths (6 ASCII bytes each), so timingSafeEqual compares every byte; no early exit.
    const equal = crypto.subtle.timingSafeEqual(new TextEncoder().encode(candidate), given)
    if (equal) matched = steps[index]
  }
  return matched
}

async function importSecret(secret: Uint8Array): Promise<CryptoKey> {
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new RangeError(`a TOTP secret needs at least ${MIN_SECRET_BYTES} bytes (RFC 4226 §4)`)
  }
  return crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  )
}

/** HOTP (RFC 4226 §5.3): HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated. */
async function hotp(key: CryptoKey, counter: number, digits: number): Promise<string> {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new RangeError('a TOTP step must be a non-negative integer')
  }
  const message = new DataView(new ArrayBuffer(8))
  message.setBigUint64(0, BigInt(counter))
  const mac = new DataView(await crypto.subtle.sign('HMAC', key, message))
  // The low nibble of the last byte picks 4 bytes; their top bit is dropped (31 bits, §5.3).
  const offset = mac.getUint8(mac.byteLength - 1) & 0x0f
  const binary = mac.getUint32(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}
