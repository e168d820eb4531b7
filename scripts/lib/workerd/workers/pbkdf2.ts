/**
 * Baseline (b): only the PBKDF2-HMAC-SHA-256 work of a login, with the service's parameters
 * (PASSWORD_ITERATIONS, default 600,000, as a chain of calls of at most 100,000: the Workers
 * per-call cap; 16-byte random salt, 32-byte output), once per request. Its throughput is the
 * hash-bound ceiling for logins on this runtime (src/auth/pbkdf2-chain.ts is the real thing).
 */
const PER_CALL = 100_000
const SALT_BYTES = 16
const HASH_BITS = 256
const PASSWORD = new TextEncoder().encode('correct horse battery staple')

export default {
  async fetch(_request: Request, env: { PASSWORD_ITERATIONS?: string }): Promise<Response> {
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
    let material: Uint8Array<ArrayBuffer> = PASSWORD
    for (let left = Number(env.PASSWORD_ITERATIONS ?? 600_000); left > 0; left -= PER_CALL) {
      const key = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits'])
      const iterations = Math.min(PER_CALL, left)
      const params = { name: 'PBKDF2', hash: 'SHA-256', salt, iterations }
      material = new Uint8Array(await crypto.subtle.deriveBits(params, key, HASH_BITS))
    }
    return new Response(String(material[0]))
  },
}
