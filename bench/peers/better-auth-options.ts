/**
 * Better Auth's options shared by both runtimes (Node in better-auth.ts, workerd in
 * workers/better-auth.ts), so the two differ only in their database driver: email and password
 * on, its default password hashing (scrypt, see docs/performance.md), its rate limiter off (the
 * bench measures logins, not the limiter), no telemetry.
 */
import type { BetterAuthOptions } from 'better-auth'

export const BETTER_AUTH_OPTIONS = {
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
} satisfies BetterAuthOptions

/** Used only when no secret is given; never outside the bench. */
export const BENCH_ONLY_SECRET = 'bench-only-secret-bench-only-secret!!'
