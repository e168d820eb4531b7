/** Proving the address: the link mailed at sign-up (or on request), and email-change links. */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { linkTokenHash, mailLinkTo } from './email-tokens.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'

/** (Re)sends the verification link to an unverified account; the caller answers 202 either way. */
export async function sendVerification(ctx: AuthContext, email: string): Promise<void> {
  await mailLinkTo(ctx, 'verify_email', email)
}

/**
 * `POST /auth/email/verify`: a verification link marks the address verified; an email-change
 * link switches the account to the new address. Either answers a new session.
 */
export async function verifyEmail(
  ctx: AuthContext,
  token: string,
  meta: ClientMeta,
): Promise<SignedIn> {
  const tokenHash = await linkTokenHash(token)
  const now = new Date(ctx.clock.now())
  const found = await ctx.store.oneTimeTokens.find(tokenHash, ['verify_email', 'change_email'], now)
  if (!found) throw new AuthError('invalid_link', { outcome: 'verify_refused' })
  const { refreshToken, session } = await newSession(ctx, meta)
  if (found.purpose === 'verify_email') {
    const account = await ctx.store.mailedLinks.verifyEmail(tokenHash, session, now)
    if (!account) throw new AuthError('invalid_link', { outcome: 'verify_refused' })
    return signIn(ctx, account, session, refreshToken)
  }
  const changed = await ctx.store.mailedLinks.changeEmail(tokenHash, session, now)
  if (changed === 'taken') throw new AuthError('email_taken', { outcome: 'email_change_refused' })
  if (!changed) throw new AuthError('invalid_link', { outcome: 'verify_refused' })
  const { account, previousEmail } = changed
  ctx.mailer.send({
    kind: 'email_changed',
    to: previousEmail,
    name: account.name,
    newEmail: account.email,
  })
  return signIn(ctx, account, session, refreshToken)
}
