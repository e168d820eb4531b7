/**
 * The one context every domain function receives, built once per request by the middleware that
 * opens the store (Better Auth's `ctx.context`; Lucia's one instance that owns its adapter).
 * Everything but the store is built once per isolate (src/deps.ts).
 */
import type { Logger } from '../log.ts'
import type { AccessTokens } from './access-token.ts'
import type { Clock } from './clock.ts'
import type { Mailer } from './mail.ts'
import type { PasswordHasher } from './password-hash.ts'
import type { CommonPasswordList } from './password-policy.ts'
import type { LockoutPolicy, Store } from './store.ts'
import type { ThrottleKeys } from './throttle-keys.ts'
import type { SecretBox } from './totp/secret-box.ts'

/** The rules the domain applies, from the configuration. */
export interface AuthPolicy {
  /** Seconds: absolute family lifetime, idle limit per token, multi-tab grace after a rotation. */
  refresh: { ttl: number; idleTtl: number; reuseInterval: number }
  lockout: LockoutPolicy
  /** PASSWORD_MIN_LENGTH, in code points: the one place the minimum lives. */
  passwordMinLength: number
  /** REQUIRE_EMAIL_VERIFICATION: no session before the address is proved. */
  requireEmailVerification: boolean
}

/** The per-isolate part of the context. */
export interface AuthServices {
  passwords: PasswordHasher
  tokens: AccessTokens
  clock: Clock
  log: Logger
  policy: AuthPolicy
  throttleKeys: ThrottleKeys
  /** Seals TOTP secrets at rest (MFA_ENCRYPTION_KEY). */
  secretBox: SecretBox
  /** The common-password blocklist (a static asset, loaded on first use). */
  commonPasswords: CommonPasswordList
  /** The WebAuthn relying party passkeys are bound to (WEBAUTHN_RP_ID and _ORIGINS). */
  webauthn: { rpId: string; rpName: string; origins: string[] }
  /** The issuer name authenticator apps show (JWT_ISSUER). */
  issuer: string
}

/** What a domain function needs for one request. */
export interface AuthContext extends AuthServices {
  store: Store
  /** Mails after the response (src/mail/outbox.ts): returns at once, never throws. */
  mailer: Mailer
}

/** Who is asking, stored with the session so a user can recognise it (never used for auth). */
export interface ClientMeta {
  userAgent: string | null
  clientIp: string | null
  /** Coarse location from Cloudflare's request metadata (`request.cf`), when there is one. */
  country: string | null
  city: string | null
}
