import type { Logger } from '../log.ts'
import type { Clock } from './clock.ts'
import type { PasswordHasher } from './password.ts'
import type { LockoutPolicy, Store } from './store.ts'
import type { TokenService } from './tokens.ts'

/** What the domain functions need, passed in (never imported as globals). */
export interface AuthDeps {
  store: Store
  passwords: PasswordHasher
  tokens: TokenService
  clock: Clock
  log: Logger
  /** Seconds: absolute family lifetime, idle limit per token, multi-tab grace after a rotation. */
  refresh: { ttl: number; idleTtl: number; reuseInterval: number }
  lockout: LockoutPolicy
  /** PASSWORD_MIN_LENGTH, in code points. */
  passwordMinLength: number
}

/** Who is asking, stored with the session so a user can recognise it (never used for auth). */
export interface ClientMeta {
  userAgent: string | null
  clientIp: string | null
}
