/**
 * The per-account lockout, shared by login and by every route that re-checks a password (ASVS
 * 5.0 V6.3.1; OWASP Authentication Cheat Sheet): attempts are counted per account before any
 * hashing, refused while locked, and cleared by a success. Accounts are identified by a keyed
 * hash of the normalised email (HMAC-SHA-256 under LOCKOUT_SECRET), so the table holds no
 * address, and a database reader cannot test a list of addresses against it.
 */
import { AuthError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import type { LockoutPolicy } from './store.ts'

/** The 429 for a locked account: `Retry-After` until the lock ends (or the base delay). */
export function lockedOut(
  lockedUntil: Date | undefined,
  now: number,
  policy: LockoutPolicy,
): AuthError {
  const wait = lockedUntil ? (lockedUntil.getTime() - now) / 1000 : policy.baseDelay
  return new AuthError('rate_limited', { retryAfter: Math.max(1, wait), outcome: 'locked' })
}

/**
 * Counts one attempt on the user's account before any checking, or throws the 429 while it is
 * locked; answers the key whose count a full success clears.
 */
export async function countAttempt(ctx: AuthContext, email: string): Promise<string> {
  const key = await ctx.throttleKeys.of(email)
  const now = ctx.clock.now()
  const attempt = await ctx.store.loginThrottles.countAttempt(
    key,
    new Date(now),
    ctx.policy.lockout,
  )
  if (!attempt.allowed) throw lockedOut(attempt.lockedUntil, now, ctx.policy.lockout)
  return key
}

/** Throws 401 `invalid_credentials` unless `password` is the user's current one. */
export async function checkCurrentPassword(
  ctx: AuthContext,
  user: { passwordHash: string },
  password: string,
): Promise<void> {
  const result = await ctx.passwords.verify(password, user.passwordHash)
  if (!result.ok)
    throw new AuthError('invalid_credentials', {
      message: 'Current password is incorrect',
      outcome: 'reverify_failed',
    })
}

/**
 * Re-checks the password of a signed-in user (TOTP setup, passkey removal) under the login
 * lockout: a stolen access token does not allow unlimited guesses at the password. Where a
 * second factor is asked for too, use reverifyBothFactors (src/auth/reverify.ts) instead: a
 * right password must not clear the count before the code is checked.
 */
export async function reverifyPassword(
  ctx: AuthContext,
  user: { email: string; passwordHash: string },
  password: string,
): Promise<void> {
  const key = await countAttempt(ctx, user.email)
  await checkCurrentPassword(ctx, user, password)
  await ctx.store.loginThrottles.clear(key)
}
