/**
 * The keys of the per-account counters (`login_throttles`, `mail_throttles`): HMAC-SHA-256 of
 * the normalised email under LOCKOUT_SECRET, so the tables hold no address, and a database
 * reader cannot test a list of addresses against them.
 */
import { b64url } from './base64.ts'

/** Turns a normalised email into its `login_throttles` key. */
export interface ThrottleKeys {
  of(email: string): Promise<string>
}

export function createThrottleKeys(secret: Uint8Array): ThrottleKeys {
  const key = crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return {
    async of(email) {
      const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(email))
      return b64url(new Uint8Array(mac))
    },
  }
}
