/**
 * Hash strength as an attacker's cost: each password hash here (ours and the peers') as guesses
 * per second on one current GPU, next to what it costs the server (logins per CPU-second). The
 * GPU figures are derived from published hashcat benchmarks, not measured here:
 *
 *   Chick3nman, "Hashcat v6.2.6 benchmark on the Nvidia RTX 4090" (GitHub gist, 2022-10),
 *   https://gist.github.com/Chick3nman/32e662a5bb63bc4f51b847bb422222fd
 *     -m 10900 PBKDF2-HMAC-SHA256 [Iterations: 999]  8,865.7 kH/s
 *     -m 3200  bcrypt $2*$ [Iterations: 32]           184.0 kH/s
 *     -m 8900  scrypt [Iterations: 16384]              7,126 H/s
 *
 * The gist could not be opened from the machine that wrote this; the three figures are as
 * write-ups citing it quote them (scrypt's in only one, so that row is an estimate). The PBKDF2
 * and bcrypt ones agree with https://tobtu.com/minimum-password-settings/ (Dec 2022: 600,000
 * iterations and bcrypt cost 9 keep an RTX 4090, counted as 1.5 GPUs, under 10 kH/s per GPU);
 * docs/performance.md, "Hash strength as an attacker's cost", has the arithmetic. hashcat's
 * benchmark hashes fix the parameters (src/modules/module_10900.c, module_03200.c, 08900.c):
 * PBKDF2 `sha256:1000:...` shown as 999 because hashcat counts the loop after the first
 * iteration; bcrypt cost 5 (2^5 = 32 rounds); scrypt N=16384, r=8, p=1.
 */
import { formatTable } from '../lib/load/points-table.ts'

/** One RTX 4090, hashcat v6.2.6, at the benchmark's own parameters (see above). */
export const RTX_4090 = {
  pbkdf2Sha256: { hashesPerSecond: 8_865_700, iterations: 1000 },
  bcrypt: { hashesPerSecond: 184_000, cost: 5 },
  scrypt: { hashesPerSecond: 7_126, N: 16_384, r: 8, p: 1 },
} as const

export type PasswordHash =
  | { kind: 'pbkdf2-sha256'; iterations: number }
  | { kind: 'bcrypt'; cost: number }
  | { kind: 'scrypt'; N: number; r: number; p: number }

/**
 * Guesses per second on one RTX 4090. PBKDF2 and bcrypt scale exactly: the work per guess is
 * linear in the iterations, and doubles with each bcrypt cost step. scrypt is an estimate: its
 * work and memory per guess are linear in N·r·p, and a GPU's scrypt speed is bound by memory
 * bandwidth, so the benchmark speed is scaled by the inverse of N·r·p.
 */
export function gpuGuessesPerSecond(hash: PasswordHash): number {
  const gpu = RTX_4090
  switch (hash.kind) {
    case 'pbkdf2-sha256':
      return (gpu.pbkdf2Sha256.hashesPerSecond * gpu.pbkdf2Sha256.iterations) / hash.iterations
    case 'bcrypt':
      return gpu.bcrypt.hashesPerSecond / 2 ** (hash.cost - gpu.bcrypt.cost)
    case 'scrypt': {
      const bench = gpu.scrypt.N * gpu.scrypt.r * gpu.scrypt.p
      return (gpu.scrypt.hashesPerSecond * bench) / (hash.N * hash.r * hash.p)
    }
  }
}

/** A hash in the table: whose it is, and the CPU per login the bench measured, if it did. */
export interface HashEntry {
  who: string
  hash: PasswordHash
  cpuMsPerLogin: number | undefined
}

export function describeHash(hash: PasswordHash): string {
  if (hash.kind === 'pbkdf2-sha256')
    return `PBKDF2-HMAC-SHA256, ${hash.iterations.toLocaleString('en')} iterations`
  if (hash.kind === 'bcrypt') return `bcrypt cost ${hash.cost}`
  return `scrypt N=${hash.N}, r=${hash.r}, p=${hash.p}`
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined ? 'n/a' : n.toLocaleString('en', { maximumFractionDigits: digits })

/**
 * The table: the server's logins per CPU-second (1000 ÷ CPU ms per login, measured) and one
 * GPU's guesses per second (derived), and their quotient, the attacker's edge: how many guesses
 * one GPU makes in the time one server core checks one login.
 */
export function attackerCostTable(entries: HashEntry[]): string {
  const rows = entries.map(({ who, hash, cpuMsPerLogin }) => {
    const logins = cpuMsPerLogin ? 1000 / cpuMsPerLogin : undefined
    const guesses = gpuGuessesPerSecond(hash)
    return [
      who,
      describeHash(hash),
      fmt(cpuMsPerLogin, 1),
      fmt(logins, 1),
      `${fmt(guesses)}${hash.kind === 'scrypt' ? ' (est.)' : ''}`,
      logins ? fmt(guesses / logins) : 'n/a',
    ]
  })
  const header = [
    'hash of',
    'parameters',
    'CPU ms/login',
    'logins/CPU-s',
    'RTX 4090 guesses/s',
    'GPU ÷ server core',
  ]
  const title =
    "Hash strength as an attacker's cost (one RTX 4090: hashcat v6.2.6 figures scaled to " +
    'these parameters; sources in scripts/bench/attacker-cost.ts):'
  return `${title}\n${formatTable(header, rows, [0, 1])}`
}
