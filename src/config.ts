/**
 * env -> typed Config: parsed once per isolate; unknown keys are ignored; values never appear
 * in messages, only variable names.
 */
import type { PrivateJwk } from './auth/signing-keys.ts'
import type { SecretBoxKeys } from './auth/totp/secret-box-keys.ts'
import { type Env, EnvSchema, type RateLimiter } from './config-env.ts'

export type { RateLimiter }

import { isLoopbackHost } from './config-schema.ts'

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
  /** The WebAuthn relying party: passkeys are bound to rpId and accepted from these origins. */
  webauthn: { rpId: string; rpName: string; origins: string[] }
  dbTimeoutMs: number
  /** Per client IP on login, register, refresh and password change (Workers Rate Limiting). */
  ipRateLimit: { limiter: RateLimiter; refreshLimiter: RateLimiter; period: number }
  /** Exact origins allowed to call from browsers, or ['*'] (only without cookies). */
  corsOrigins: string[]
  /** Refresh token in an HttpOnly cookie for browser clients (AUTH_COOKIE=on). */
  cookie: { enabled: boolean; sameSite: 'Strict' | 'Lax' | 'None' }
  /** Mail (src/mail/): links only under `appUrl`; `from.name` is the product name. */
  mail: { appUrl: string; from: { name: string; email: string } }
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
      webauthn: { rpId: e.WEBAUTHN_RP_ID, rpName: e.WEBAUTHN_RP_NAME, origins: e.WEBAUTHN_ORIGINS },
      dbTimeoutMs: e.DB_TIMEOUT_MS,
      ipRateLimit: {
        limiter: e.AUTH_RATE_LIMITER,
        refreshLimiter: e.REFRESH_RATE_LIMITER,
        period: e.IP_RATE_LIMIT_PERIOD,
      },
      corsOrigins: e.CORS_ORIGINS,
      cookie: { enabled: e.AUTH_COOKIE, sameSite: e.AUTH_COOKIE_SAMESITE },
      mail: { appUrl: e.APP_URL, from: e.EMAIL_FROM },
    },
  }
}

/** Settings that are each valid but unsafe together; the variable to fix, if any. */
function unsafeCombination(e: Env): string | undefined {
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
  // WebAuthn Level 3 §5.1.3: the RP ID must be each origin's host or a registrable suffix of it.
  const underRpId = (origin: string) => {
    const host = new URL(origin).hostname
    return host === e.WEBAUTHN_RP_ID || host.endsWith(`.${e.WEBAUTHN_RP_ID}`)
  }
  if (!e.WEBAUTHN_ORIGINS.every(underRpId)) return 'WEBAUTHN_ORIGINS'
  return undefined
}
