/** Password reset by a mailed link (OWASP Forgot Password Cheat Sheet). */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { linkTokenHash, mailLinkTo } from './email-tokens.ts'
import { checkNewPassword } from './password-policy.ts'
import { requireSecondFactor, type SecondFactorInput } from './second-factor.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'

/** Mails a reset link if the address has an account; the caller answers 202 either way. */
export async function forgotPassword(ctx: AuthContext, email: string): Promise<void> {
  await mailLinkTo(ctx, 'reset_password', email)
}

/**
 * Consumes the link's token and, in the same statement, sets the new password, ends every
 * session (ASVS 5.0 V7.4.3), clears the login lockout and marks the address verified (the mail
 * proved it); answers a new session. Two resets racing with one token: one wins.
 */
export async function resetPassword(
  ctx: AuthContext,
  input: { token: string; newPassword: string } & SecondFactorInput,
  meta: ClientMeta,
): Promise<SignedIn> {
  await checkNewPassword(
    ctx.commonPasswords,
    input.newPassword,
    ctx.policy.passwordMinLength,
    'newPassword',
  )
  const tokenHash = await linkTokenHash(input.token)
  const now = new Date(ctx.clock.now())
  const found = await ctx.store.oneTimeTokens.find(tokenHash, ['reset_password'], now)
  if (!found) throw new AuthError('invalid_link', { outcome: 'reset_refused' })
  // The mail proves the address, not the second factor: with TOTP on, a code is needed too.
  const totp = await ctx.store.factors.totp(found.userId)
  if (totp?.confirmed)
    await requireSecondFactor(
      ctx,
      { id: found.userId, email: found.email, factors: ['totp'] },
      input,
    )
  const nextHash = await ctx.passwords.hash(input.newPassword)
  const { refreshToken, session } = await newSession(ctx, meta)
  const throttleKey = await ctx.throttleKeys.of(found.email)
  const account = await ctx.store.mailedLinks.resetPassword({
    tokenHash,
    nextHash,
    session,
    throttleKey,
    now,
  })
  if (!account) throw new AuthError('invalid_link', { outcome: 'reset_refused' })
  ctx.mailer.send({ kind: 'password_changed', to: account.email, name: account.name })
  return signIn(ctx, account, session, refreshToken)
}
