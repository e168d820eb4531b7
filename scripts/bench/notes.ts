/** What the numbers mean, printed under the tables and kept in the JSON. */
import { PEERS } from './peers.ts'

/** How the rate-limit bindings were provided in this run. */
export function rateLimitNote(names: string[], limit: number): string {
  if (names.length === 0) return 'wrangler.toml declares no [[ratelimits]]: no rate-limit binding.'
  return (
    `Rate limiting: ${names.join(', ')} from wrangler.toml [[ratelimits]] served by the bench's ` +
    `in-memory wrapped binding with limit ${limit} per key per period (--rate-limit; default ` +
    'effectively unlimited): the bench measures the service, not the limiter, and the stand-in ' +
    'costs ~0 where a real limiter call does not. The per-account login lockout (in the ' +
    'database) still applies; logins rotate over distinct users so it never triggers.'
  )
}

/** Hash strength of ours and of each peer, against the OWASP Password Storage Cheat Sheet. */
export const HASH_NOTES: string[] = [
  'Password hashing, against the OWASP Password Storage Cheat Sheet minimums (PBKDF2-HMAC-SHA256 ' +
    '600,000 iterations; bcrypt cost >= 10; scrypt N=2^17, r=8, p=1 (128 MiB); Argon2id m=19 MiB, t=2, p=1):',
  '  ours: PBKDF2-HMAC-SHA256, 100,000 iterations (the Workers cap), 16-byte salt: 1/6 of the ' +
    "OWASP iteration count, and not memory-hard. Each guess costs an attacker 1/6 of OWASP's.",
  `  seed article: ${PEERS[0]?.hash}: exactly the OWASP bcrypt minimum; bcrypt also ignores ` +
    'password bytes past 72.',
  `  Better Auth 1.7.25: ${PEERS[1]?.hash} (read from @better-auth/utils/dist/password.node.mjs; ` +
    'the @noble/hashes scrypt with the same parameters is only its fallback for runtimes ' +
    "without node:crypto): work N·r·p = 2^18 and 32 MiB, 1/4 of OWASP's N=2^17, r=8 in both; " +
    "below each of OWASP's equivalent scrypt settings in work (e.g. N=2^14, r=8, p=5: 2.5x the work, 16 MiB).",
  '  So a faster login is not a like-for-like win: ours hashes with less work per guess than ' +
    "OWASP asks; the seed article's bcrypt 10 meets its minimum; Better Auth's scrypt is below it.",
  'CPU per login: ours is the workerd process (Worker JS and Web Crypto on one thread per ' +
    "isolate); a peer's is its whole Node process (hashing runs on libuv's pool, so it can " +
    'use both cores). Neither includes Postgres (its column) or our local Neon proxy.',
]
