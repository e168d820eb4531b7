/** Signing in with an email and a password. */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { lockedOut } from './lockout.ts'
import { startMfaChallenge } from './mfa-login.ts'
import type { Credentials } from './store.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'

/**
 * The attempt is counted, and refused while the email is locked, before any hashing (ASVS 5.0
 * V6.3.1, V15.2.2; OWASP Authentication Cheat Sheet), for unknown emails exactly as for real ones; an
 * unknown email then runs the same PBKDF2 work against a dummy hash, and fails like a wrong
 * password (ASVS 5.0 V6.3.8).
 */
export async function login(
  ctx: AuthContext,
  input: { email: string; password: string },
  meta: ClientMeta,
): Promise<SignedIn> {
  const now = ctx.clock.now()
  const throttleKey = await ctx.throttleKeys.of(input.email)
  const attempt = await ctx.store.loginThrottles.countAttemptAndFindUser(
    input.email,
    throttleKey,
    new Date(now),
    ctx.policy.lockout,
  )
  if (!attempt.allowed) throw lockedOut(attempt.lockedUntil, now, ctx.policy.lockout)
  const user = attempt.user
  if (!user) {
    await ctx.passwords.verifyDummy(input.password)
    throw new AuthError('invalid_credentials', { outcome: 'login_failed' })
  }
  const result = await ctx.passwords.verify(input.password, user.passwordHash)
  if (result.problem)
    ctx.log.warn({ msg: 'stored password hash unusable', problem: result.problem, userId: user.id })
  if (!result.ok) throw new AuthError('invalid_credentials', { outcome: 'login_failed' })
  if (result.needsRehash) await upgradeHash(ctx, user, input.password)
  // Only now, after the password checked out, may the answer say the address is unverified.
  if (ctx.policy.requireEmailVerification && !user.emailVerified) {
    await ctx.store.loginThrottles.clear(throttleKey)
    throw new AuthError('email_unverified', { outcome: 'email_unverified' })
  }
  // With a second factor on, the count stays until the second step succeeds: otherwise a known
  // password would buy unlimited code guesses.
  if (user.factors.includes('totp')) await startMfaChallenge(ctx, user)
  const { refreshToken, session } = await newSession(ctx, meta)
  // Only under the credential state this password was checked against (issue: a login racing a
  // password change must not keep a session; ASVS 5.0 V7.4.3).
  if (!(await ctx.store.sessions.insertAndClearThrottle(user, session, throttleKey)))
    throw new AuthError('invalid_credentials', { outcome: 'credentials_changed' })
  return signIn(ctx, user, session, refreshToken)
}

async function upgradeHash(ctx: AuthContext, user: Credentials, password: string): Promise<void> {
  const next = await ctx.passwords.hash(password)
  // Compare-and-set: a concurrent login that already upgraded wins, nothing is lost.
  await ctx.store.users.replacePasswordHash(user.id, user.passwordHash, next)
}
