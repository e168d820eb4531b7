/**
 * Prints a new signing key set for JWT_PRIVATE_KEYS:
 *
 *   npm run keys:generate                       # one Ed25519 (EdDSA) key
 *   npm run keys:generate -- --alg ES256        # one P-256 (ES256) key
 *   npm run keys:generate -- --add "$(cat current.json)"   # new key appended to a set (rotation step 1)
 *
 * The kid is the key's RFC 7638 thumbprint. Put the output in the secret:
 *   npm run --silent keys:generate | npx wrangler secret put JWT_PRIVATE_KEYS
 */
import { parseArgs } from 'node:util'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'

const { values } = parseArgs({
  options: { alg: { type: 'string', default: 'EdDSA' }, add: { type: 'string' } },
})
const alg = values.alg === 'ES256' ? 'ES256' : 'EdDSA'
if (values.alg !== alg) {
  console.error('keys:generate: --alg must be EdDSA or ES256')
  process.exit(1)
}

const { privateKey } = await generateKeyPair(alg, {
  extractable: true,
  ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
})
const jwk = await exportJWK(privateKey)
const kid = await calculateJwkThumbprint(jwk)
const key: JWK = { ...jwk, kid, alg }
const existing = values.add ? (JSON.parse(values.add) as { keys: JWK[] }).keys : []
process.stdout.write(`${JSON.stringify({ keys: [...existing, key] })}\n`)
console.error(
  `keys:generate: ${alg} key ${kid}${existing.length ? ` appended after ${existing.length} existing key(s)` : ''}`,
)
