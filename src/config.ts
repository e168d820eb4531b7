import * as z from 'zod/mini'
import { DEFAULT_PASSWORD_ITERATIONS, MAX_PASSWORD_ITERATIONS } from './auth/password-hash.ts'
import type { PrivateJwk } from './auth/signing-keys.ts'
import type { SecretBoxKeys } from './auth/totp/secret-box-keys.ts'
import {
  AppOrigin,
  flag,
  isLoopbackHost,
  JwkSet,
  Mailbox,
  OriginList,
  SecretBoxKeyList,
  seconds,
  secret,
} from './config-schema.ts'

const DAY = 86_400

/**
 * The Worker's variables and secrets (README, "Configuration"). Parsed once per isolate;
 * unknown keys are ignored; values never appear in messages, only variable names.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().check(z.regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')),
  DB_DRIVER: z._default(z.enum(['http', 'ws']), 'http'),
  NEON_LOCAL_PROXY: flag(false),
  // RFC 8725 §3.5: HMAC keys need as much entropy as the hash output (256 bits for HS256).
  JWT_SECRET: z.optional(secret()),
  JWT_PRIVATE_KEYS: z.optional(JwkSet),
  JWT_ISSUER: z._default(z.string().check(z.minLength(1)), 'edge-auth'),
  JWT_AUDIENCE: z._default(z.string().check(z.minLength(1)), 'edge-auth'),
  ACCESS_TOKEN_TTL: seconds(900, DAY),
  REFRESH_TOKEN_TTL: seconds(30 * DAY, 365 * DAY),
  REFRESH_IDLE_TTL: seconds(7 * DAY, 365 * DAY),
  REFRESH_REUSE_INTERVAL: z._default(
    z.coerce.number().check(z.int(), z.minimum(0), z.maximum(60)),
    10,
  ),
  // OWASP Password Storage Cheat Sheet: 600,000; past 100,000 it runs as a chain of calls.
  PASSWORD_ITERATIONS: z._default(
    z.coerce.number().check(z.int(), z.minimum(10_000), z.maximum(MAX_PASSWORD_ITERATIONS)),
    DEFAULT_PASSWORD_ITERATIONS,
  ),
  PASSWORD_PEPPER: z.optional(secret()),
  /** Keys the per-account lockout's table by HMAC, so it holds no reversible email hash. */
  LOCKOUT_SECRET: secret(),
  /** Encrypts TOTP secrets at rest (AES-256-GCM), a key ring: the first key seals. */
  MFA_ENCRYPTION_KEY: SecretBoxKeyList,
  // NIST SP 800-63B §3.1.1.2: at least 8; 15 when the password is the only factor.
  PASSWORD_MIN_LENGTH: z._default(z.coerce.number().check(z.int(), z.minimum(8), z.maximum(64)), 8),
  // NIST SP 800-63B §3.2.2 allows at most 100 consecutive failures.
  LOGIN_MAX_FAILURES: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 5),
  LOGIN_LOCKOUT_BASE: seconds(30, DAY),
  LOGIN_LOCKOUT_MAX: seconds(15 * 60, DAY),
  DB_TIMEOUT_MS: z._default(
    z.coerce.number().check(z.int(), z.minimum(100), z.maximum(60_000)),
    5000,
  ),
  /** The period of the AUTH_RATE_LIMITER binding in wrangler.toml: what Retry-After says. */
  IP_RATE_LIMIT_PERIOD: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3600)),
    60,
  ),
  CORS_ORIGINS: z._default(OriginList, []),
  AUTH_COOKIE: flag(false),
  AUTH_COOKIE_SAMESITE: z._default(z.enum(['Strict', 'Lax', 'None']), 'Strict'),
  /** on: no session until the address is verified, and registration never reveals an account. */
  REQUIRE_EMAIL_VERIFICATION: flag(false),
  AUTH_RATE_LIMITER: z.custom<RateLimiter>(
    (value) => typeof (value as RateLimiter | undefined)?.limit === 'function',
    'must be a Workers Rate Limiting binding ([[ratelimits]] in wrangler.toml)',
  ),
  /** The front end's origin: every mailed link points there (src/mail/render-mail.ts). */
  APP_URL: z._default(AppOrigin, 'http://127.0.0.1:8787'),
  /** `Name <address>`: the sender of every mail; the name is the product name in them. */
  EMAIL_FROM: z._default(Mailbox, () => ({ name: 'edge-auth', email: 'auth@example.com' })),
})

export interface Config {
  databaseUrl: string
  dbDriver: 'http' | 'ws'
  /** The host in DATABASE_URL is the project's local Neon-protocol proxy (plain HTTP and ws). */
  neonLocalProxy: boolean
  jwt: {
    secret: Uint8Array | undefined
    privateKeys: PrivateJwk[] | undefined
    issuer: string
    audience: string
    /** Seconds. */
    accessTtl: number
  }
  /** Seconds: absolute family lifetime, idle limit per token, multi-tab grace after a rotation. */
  refresh: { ttl: number; idleTtl: number; reuseInterval: number }
  password: { iterations: number; pepper: Uint8Array | undefined; minLength: number }
  lockout: { maxFailures: number; baseDelay: number; maxDelay: number; secret: Uint8Array }
  requireEmailVerification: boolean
  /** MFA_ENCRYPTION_KEY: the key ring TOTP secrets are sealed under. */
  mfaKeys: SecretBoxKeys
  dbTimeoutMs: number
  /** Per client IP on login, register, refresh and password change (Workers Rate Limiting). */
  ipRateLimit: { limiter: RateLimiter; period: number }
  /** Exact origins allowed to call from browsers, or ['*'] (only without cookies). */
  corsOrigins: string[]
  /** Refresh token in an HttpOnly cookie for browser clients (AUTH_COOKIE=on). */
  cookie: { enabled: boolean; sameSite: 'Strict' | 'Lax' | 'None' }
  /** Mail (src/mail/): links only under `appUrl`; `from.name` is the product name. */
  mail: { appUrl: string; from: { name: string; email: string } }
}

/** The part of the Workers Rate Limiting binding we use. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; variables: string[] }

/** Turns the Worker env into a typed config, or names the variables that are wrong. */
export function parseConfig(env: Record<string, unknown>): ConfigResult {
  // An empty value (`PASSWORD_PEPPER=` in .dev.vars) means "not set", as in a shell.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const variables = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))]
    return { ok: false, variables }
  }
  const e = parsed.data
  if (e.JWT_SECRET === undefined && e.JWT_PRIVATE_KEYS === undefined) {
    return { ok: false, variables: ['JWT_SECRET'] }
  }
  const unsafe = unsafeCombination(e)
  if (unsafe) return { ok: false, variables: [unsafe] }
  const encoder = new TextEncoder()
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      dbDriver: e.DB_DRIVER,
      neonLocalProxy: e.NEON_LOCAL_PROXY,
      jwt: {
        secret: e.JWT_SECRET === undefined ? undefined : encoder.encode(e.JWT_SECRET),
        privateKeys: e.JWT_PRIVATE_KEYS?.keys,
        issuer: e.JWT_ISSUER,
        audience: e.JWT_AUDIENCE,
        accessTtl: e.ACCESS_TOKEN_TTL,
      },
      refresh: {
        ttl: e.REFRESH_TOKEN_TTL,
        idleTtl: Math.min(e.REFRESH_IDLE_TTL, e.REFRESH_TOKEN_TTL),
        reuseInterval: e.REFRESH_REUSE_INTERVAL,
      },
      password: {
        iterations: e.PASSWORD_ITERATIONS,
        pepper: e.PASSWORD_PEPPER === undefined ? undefined : encoder.encode(e.PASSWORD_PEPPER),
        minLength: e.PASSWORD_MIN_LENGTH,
      },
      lockout: {
        maxFailures: e.LOGIN_MAX_FAILURES,
        baseDelay: e.LOGIN_LOCKOUT_BASE,
        maxDelay: Math.max(e.LOGIN_LOCKOUT_MAX, e.LOGIN_LOCKOUT_BASE),
        secret: encoder.encode(e.LOCKOUT_SECRET),
      },
      requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
      mfaKeys: e.MFA_ENCRYPTION_KEY,
      dbTimeoutMs: e.DB_TIMEOUT_MS,
      ipRateLimit: { limiter: e.AUTH_RATE_LIMITER, period: e.IP_RATE_LIMIT_PERIOD },
      corsOrigins: e.CORS_ORIGINS,
      cookie: { enabled: e.AUTH_COOKIE, sameSite: e.AUTH_COOKIE_SAMESITE },
      mail: { appUrl: e.APP_URL, from: e.EMAIL_FROM },
    },
  }
}

/** Settings that are each valid but unsafe together; the variable to fix, if any. */
function unsafeCombination(e: z.output<typeof EnvSchema>): string | undefined {
  // Fetch spec: credentials are never allowed with a wildcard origin; and a cookie-mode origin
  // on plain http off loopback would let a network attacker drive the session (ASVS 5.0 V12.2.1).
  if (e.AUTH_COOKIE) {
    const insecure = (origin: string) =>
      origin === '*' || (origin.startsWith('http:') && !isLoopbackHost(new URL(origin).hostname))
    if (e.CORS_ORIGINS.some(insecure)) return 'CORS_ORIGINS'
  }
  // The local proxy speaks plain HTTP: pointed at a remote host it would send the database
  // credentials in the clear.
  if (e.NEON_LOCAL_PROXY && !isLoopbackHost(new URL(e.DATABASE_URL).hostname))
    return 'NEON_LOCAL_PROXY'
  return undefined
}
