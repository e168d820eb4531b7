/**
 * Baseline (b): only the PBKDF2-HMAC-SHA-256 derivation of a login, with the service's
 * parameters (100,000 iterations, 16-byte random salt, 32-byte output), once per request. Its
 * throughput is the hash-bound ceiling for logins on this runtime.
 */
const ITERATIONS = 100_000
const SALT_BYTES = 16
const HASH_BITS = 256
const PASSWORD = new TextEncoder().encode('correct horse battery staple')

export default {
  async fetch(): Promise<Response> {
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
    const key = await crypto.subtle.importKey('raw', PASSWORD, 'PBKDF2', false, ['deriveBits'])
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS },
      key,
      HASH_BITS,
    )
    return new Response(String(new Uint8Array(bits)[0]))
  },
}
