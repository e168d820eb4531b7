/**
 * The Worker's environment as zod reads it: every variable and binding with its rule and
 * default (README, "Configuration"). src/config.ts turns the result into the typed Config.
 */
import * as z from 'zod/mini'
import { DEFAULT_PASSWORD_ITERATIONS, MAX_PASSWORD_ITERATIONS } from './auth/password-hash.ts'
import {
  AppOrigin,
  flag,
  JwkSet,
  Mailbox,
  OriginList,
  SecretBoxKeyList,
  seconds,
  secret,
} from './config-schema.ts'

const DAY = 86_400

/** The part of the Workers Rate Limiting binding we use. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

const limiterBinding = () =>
  z.custom<RateLimiter>(
    (value) => typeof (value as RateLimiter | undefined)?.limit === 'function',
    'must be a Workers Rate Limiting binding ([[ratelimits]] in wrangler.toml)',
  )

/**
 * The Worker's variables and secrets (README, "Configuration"). Parsed once per isolate;
 * unknown keys are ignored; values never appear in messages, only variable names.
 */
export const EnvSchema = z.object({
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
  AUTH_RATE_LIMITER: limiterBinding(),
  /** Refresh's own, larger budget: a client refreshes on every page load, users share NATs. */
  REFRESH_RATE_LIMITER: limiterBinding(),
  /** The front end's origin: every mailed link points there (src/mail/render-mail.ts). */
  APP_URL: z._default(AppOrigin, 'http://localhost:8787'),
  /** `Name <address>`: the sender of every mail; the name is the product name in them. */
  EMAIL_FROM: z._default(Mailbox, () => ({ name: 'edge-auth', email: 'auth@example.com' })),
  /** WebAuthn relying party: the registrable domain passkeys are bound to (no scheme, no port). */
  WEBAUTHN_RP_ID: z._default(
    z.string().check(z.regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'must be a host name')),
    'localhost',
  ),
  /** The exact origins WebAuthn ceremonies may come from (the front end's pages). */
  WEBAUTHN_ORIGINS: z._default(OriginList, () => ['http://localhost:8787']),
  WEBAUTHN_RP_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(64)), 'edge-auth'),
})

export type Env = z.output<typeof EnvSchema>
