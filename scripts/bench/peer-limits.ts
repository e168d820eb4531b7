/**
 * The Cloudflare Workers limits a login can run into, and the verdict for each login
 * implementation measured on workerd. Figures from developers.cloudflare.com/workers/platform/
 * limits (read 2026-12-02): CPU time per request 10 ms on Workers Free, 30 s by default on Workers
 * Paid (up to 5 min with `limits.cpu_ms`); 128 MB of memory per isolate, shared by the requests it
 * serves at once; 1 s of startup (parse and run the global scope); 3 MB (Free) / 10 MB (Paid) of
 * compressed Worker; and Web Crypto's PBKDF2 refuses more than 100,000 iterations in one call in
 * production (local workerd accepts any number).
 */
export const WORKERS_LIMITS = {
  freeCpuMs: 10,
  paidCpuMs: 30_000,
  memoryMiB: 128,
  startupMs: 1_000,
  freeGzipBytes: 3 * 1024 * 1024,
  paidGzipBytes: 10 * 1024 * 1024,
  pbkdf2CallIterations: 100_000,
} as const

/** What was measured (or read from the code) for one login implementation on workerd. */
export interface LimitInput {
  /** workerd CPU per login from /proc (an upper bound of the isolate's own CPU time). */
  cpuMsPerLogin?: number
  /** Active time of the `wrangler check startup` profile. */
  startupCpuMs?: number
  gzipBytes?: number
  /** Memory one password hash needs (scrypt: 128·N·r bytes). */
  hashMiB?: number
  /** Iterations of the largest single PBKDF2 call, for PBKDF2 hashers. */
  pbkdf2CallIterations?: number
}

export interface LimitCheck {
  limit: string
  exceeded: boolean
  detail: string
}

const ms = (n: number) => `${n.toFixed(1)} ms`
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`

/** Every limit with a measurement, in the order a reader meets them. */
export function checkLimits(input: LimitInput): LimitCheck[] {
  const L = WORKERS_LIMITS
  const checks: LimitCheck[] = []
  const { cpuMsPerLogin: cpu, startupCpuMs, gzipBytes, hashMiB, pbkdf2CallIterations } = input
  if (cpu !== undefined) {
    checks.push({
      limit: 'Free CPU 10 ms',
      exceeded: cpu > L.freeCpuMs,
      detail: `${ms(cpu)}/login`,
    })
    checks.push({ limit: 'Paid CPU 30 s', exceeded: cpu > L.paidCpuMs, detail: `${ms(cpu)}/login` })
  }
  if (hashMiB !== undefined)
    checks.push({
      limit: 'memory 128 MB',
      exceeded: hashMiB > L.memoryMiB,
      detail: `${hashMiB} MiB/hash`,
    })
  if (pbkdf2CallIterations !== undefined)
    checks.push({
      limit: 'PBKDF2 100,000/call',
      exceeded: pbkdf2CallIterations > L.pbkdf2CallIterations,
      detail: `${pbkdf2CallIterations.toLocaleString('en')}/call`,
    })
  if (startupCpuMs !== undefined)
    checks.push({
      limit: 'startup 1 s',
      exceeded: startupCpuMs > L.startupMs,
      detail: ms(startupCpuMs),
    })
  if (gzipBytes !== undefined)
    checks.push({
      limit: 'Free size 3 MB',
      exceeded: gzipBytes > L.freeGzipBytes,
      detail: `${kib(gzipBytes)} gzip`,
    })
  return checks
}

/** One cell: the limits exceeded, by name, or `none` of those checked. */
export function limitsCell(checks: LimitCheck[]): string {
  if (checks.length === 0) return 'not checked'
  const over = checks.filter((c) => c.exceeded).map((c) => c.limit)
  return over.length === 0 ? 'none' : over.join(', ')
}

/** Every check of one row on a line: `Free CPU 10 ms: EXCEEDED (101.2 ms/login); ...`. */
export function limitsDetail(checks: LimitCheck[]): string {
  return checks
    .map((c) => `${c.limit}: ${c.exceeded ? 'EXCEEDED' : 'fits'} (${c.detail})`)
    .join('; ')
}
