/** The test's authenticator app: the code for the page's base32 secret (RFC 6238, src/auth/totp/). */
import { base32Decode } from '../../src/auth/totp/base32.ts'

interface TotpCode {
  generateTotp(secret: Uint8Array, step: number): Promise<string>
  stepAt(ms: number): number
}

/**
 * src/auth/totp/totp-code.ts is written against Workers' types; Node runs it unchanged (the same
 * Web Crypto), but tsconfig.node.json cannot type-check it, so it is imported by URL, typed here.
 */
const totp = (await import(
  new URL('../../src/auth/totp/totp-code.ts', import.meta.url).href
)) as TotpCode

/** The RFC 6238 time step that holds `ms`. */
export const stepAt = (ms: number) => totp.stepAt(ms)

/** The code for `step` (an app shows the current one; the server also takes the next). */
export function codeFor(secret: string, step: number): Promise<string> {
  const bytes = base32Decode(secret.replaceAll(' ', ''))
  if (!bytes) throw new Error(`not a base32 secret: ${secret.length} characters`)
  return totp.generateTotp(bytes, step)
}
