/**
 * TOTP codes as an authenticator app computes them (RFC 6238 over RFC 4226: HMAC-SHA-1, 6
 * digits, 30-second steps from the Unix epoch), in Node's crypto. The service's own
 * (src/auth/totp/totp-code.ts) is Web Crypto for workerd; the bench computes a run's codes
 * ahead of time for the load generator, whose request hooks are synchronous.
 */
import { createHmac } from 'node:crypto'
import { base32Decode } from '../../../src/auth/totp/base32.ts'

/** RFC 6238 §5.2: the recommended 30-second step, which the service uses. */
export const TOTP_STEP_MS = 30_000

/** The time step that contains `ms` (RFC 6238 §4.2). */
export const stepOf = (ms: number) => Math.floor(ms / TOTP_STEP_MS)

/** HOTP (RFC 4226 §5.3) of one step: HMAC-SHA-1, dynamic truncation, `digits` digits. */
export function totpCode(secret: Uint8Array, step: number, digits = 6): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = (mac.at(-1) as number) & 0x0f
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0')
}

/** The codes of a base32 secret (as setup answers it) for every step from `from` to `to`. */
export function codesFor(secret: string, from: number, to: number): Record<string, string> {
  const bytes = base32Decode(secret)
  if (!bytes) throw new Error('not a base32 TOTP secret')
  const codes: Record<string, string> = {}
  for (let step = from; step <= to; step++) codes[step] = totpCode(bytes, step)
  return codes
}
