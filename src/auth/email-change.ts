/**
 * Changing the address while signed in: the current password is re-checked (counted in the
 * login lockout), a confirmation link goes to the NEW address and a notice to the old one; the
 * switch happens only when the link is used (src/auth/email-verification.ts).
 */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'
import { LINK_TTL, mailLimit, newOneTimeToken } from './email-tokens.ts'
import { reverifyBothFactors } from './reverify.ts'
import type { SecondFactorInput } from './second-factor.ts'

export async function requestEmailChange(
  ctx: AuthContext,
  accessToken: string,
  input: { newEmail: string; currentPassword: string } & SecondFactorInput,
): Promise<void> {
  const { user } = await authenticate(ctx, accessToken)
  await reverifyBothFactors(ctx, user, input)
  if (input.newEmail === user.email)
    throw new AuthError('validation_failed', {
      details: { formErrors: [], fieldErrors: { newEmail: ['This is already your address'] } },
    })
  if (await ctx.store.users.emailTaken(input.newEmail)) throw new AuthError('email_taken')
  const { token, record } = await newOneTimeToken(ctx, LINK_TTL.change_email)
  const issued = await ctx.store.oneTimeTokens.issueForUser({
    purpose: 'change_email',
    userId: user.id,
    token: record,
    payload: { email: user.email, newEmail: input.newEmail },
    limit: await mailLimit(ctx, 'change_email', user.email),
    now: new Date(ctx.clock.now()),
  })
  // A signed-in owner may learn that their own mail is throttled.
  if (!issued) throw new AuthError('rate_limited', { retryAfter: 60, outcome: 'mail_throttled' })
  ctx.mailer.send({ kind: 'confirm_email_change', to: input.newEmail, name: user.name, token })
  ctx.mailer.send({
    kind: 'email_change_requested',
    to: user.email,
    name: user.name,
    newEmail: input.newEmail,
  })
}
