/**
 * Prints a new signing key set for JWT_PRIVATE_KEYS:
 *
 *   npm run keys:generate                       # one P-256 (ES256) key
 *   npm run keys:generate -- --alg EdDSA        # one Ed25519 (EdDSA) key
 *   npm run keys:generate -- --add "$(cat current.json)"   # new key appended to a set (rotation step 1)
 *
 * The kid is the key's RFC 7638 thumbprint. Put the output in the secret:
 *   npm run --silent keys:generate | npx wrangler secret put JWT_PRIVATE_KEYS
 */
import { parseArgs } from 'node:util'
import {
  DEFAULT_KEY_ALGORITHM,
  generateKeySet,
  isKeyAlgorithm,
  KEY_ALGORITHMS,
  type KeySet,
  parseKeySet,
} from './keys-generate/key-set.ts'

function fail(message: string): never {
  console.error(`keys:generate: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({
  options: { alg: { type: 'string', default: DEFAULT_KEY_ALGORITHM }, add: { type: 'string' } },
})
const alg = values.alg
if (!isKeyAlgorithm(alg)) fail(`--alg must be ${KEY_ALGORITHMS.join(' or ')}`)
let existing: KeySet | undefined
try {
  existing = values.add === undefined ? undefined : parseKeySet(values.add)
} catch (error) {
  fail(`--add: ${(error as Error).message}`)
}

const { set, key } = await generateKeySet({ alg, existing })
process.stdout.write(`${JSON.stringify(set)}\n`)
const added = existing?.keys.length
console.error(
  `keys:generate: ${key.alg} key ${key.kid}${added ? ` appended after ${added} existing key(s)` : ''}`,
)
