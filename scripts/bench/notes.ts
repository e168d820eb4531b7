/** What the numbers mean, printed under the tables and kept in the JSON. */
import type { PointRecord } from '../lib/load/point.ts'
import type { HashEntry } from './attacker-cost.ts'
import { PEERS } from './peers.ts'
import { cpuPerRequest } from './ratios.ts'

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

/** How to read the second round's rows (flows, pools, mail). */
export const SCENARIO_NOTES: string[] = [
  'Each row is the median of its runs (--repeats), with min–max of 2xx/s, p99 and CPU beside it; ' +
    'db rt/req = requests reaching the local Neon proxy (POST /sql) ÷ responses in the window.',
  'login-totp and login-passkey count whole logins of two requests (password then code; options ' +
    'then assertion): their 2xx/s are logins/s, latency runs from the first request to the second ' +
    'answer, CPU and round trips are per login. "(dry)": the single-use pool or the TOTP users ' +
    'ran out before the duration, so the window was shorter.',
  'forgot alternates seeded and unknown addresses (the per-account mail limit lets one mail a ' +
    "minute through, so most known ones are throttled, as under attack); the bench's workerd has " +
    'no MAIL_QUEUE binding, so the one queue send per request that production makes is not counted.',
]

/** Each peer's hash, read from its code (bench/peers/seed-users.ts; @better-auth/utils). */
const PEER_HASHES: Record<string, HashEntry['hash']> = {
  'seed-article': { kind: 'bcrypt', cost: 10 },
  'better-auth': { kind: 'scrypt', N: 16_384, r: 16, p: 1 },
}

/** Ours at the configured iterations and each peer, with the CPU per login measured (if run). */
export function hashEntries(points: PointRecord[], iterations: number): HashEntry[] {
  const ours: HashEntry = {
    who: 'ours',
    hash: { kind: 'pbkdf2-sha256', iterations },
    cpuMsPerLogin: cpuPerRequest(points, 'login', 'workerd'),
  }
  const peers = PEERS.map(({ name }) => ({
    who: name,
    hash: PEER_HASHES[name] as HashEntry['hash'],
    cpuMsPerLogin: cpuPerRequest(points, `peer:${name}`, 'peer'),
  }))
  return [ours, ...peers]
}

/** Hash strength of ours and of each peer, against the OWASP Password Storage Cheat Sheet. */
export function hashNotes(iterations: number): string[] {
  const share = 600_000 / iterations
  const ofOwasp =
    share === 1 ? 'exactly' : share > 1 ? `1/${share.toFixed(1)} of` : `${(1 / share).toFixed(1)}x`
  return [
    'Password hashing, against the OWASP Password Storage Cheat Sheet minimums (PBKDF2-HMAC-SHA256 ' +
      '600,000 iterations; bcrypt cost >= 10; scrypt N=2^17, r=8, p=1 (128 MiB); Argon2id m=19 MiB, t=2, p=1):',
    `  ours: PBKDF2-HMAC-SHA256, ${iterations.toLocaleString('en')} iterations (PASSWORD_ITERATIONS, ` +
      `chained in calls of at most 100,000, the Workers cap), 16-byte salt: ${ofOwasp} the OWASP ` +
      'iteration count, and not memory-hard, so GPUs run it fast (the table above).',
    `  seed article: ${PEERS[0]?.hash}: exactly the OWASP bcrypt minimum; bcrypt also ignores ` +
      'password bytes past 72.',
    `  Better Auth 1.7.25: ${PEERS[1]?.hash} (read from @better-auth/utils/dist/password.node.mjs; ` +
      'the @noble/hashes scrypt with the same parameters is only its fallback for runtimes ' +
      "without node:crypto): work N·r·p = 2^18 and 32 MiB, 1/4 of OWASP's N=2^17, r=8 in both.",
    'CPU per login: ours is the workerd process (Worker JS and Web Crypto on one thread per ' +
      "isolate); a peer's is its whole Node process (hashing runs on libuv's pool, so it can " +
      'use both cores). Neither includes Postgres (its column) or our local Neon proxy.',
  ]
}
