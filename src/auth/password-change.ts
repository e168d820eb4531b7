/** Changing the password while signed in. */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { checkNewPassword } from './password-policy.ts'
import { reverifyBothFactors } from './reverify.ts'
import type { SecondFactorInput } from './second-factor.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'

/**
 * Verifies the current password (counted in the login lockout), stores the new hash, ends every
 * session (ASVS 5.0 V7.4.3) and starts a new one, all in one statement.
 */
export async function changePassword(
  ctx: AuthContext,
  accessToken: string,
  input: { currentPassword: string; newPassword: string } & SecondFactorInput,
  meta: ClientMeta,
): Promise<SignedIn> {
  // The policy first: a refused new password costs no database round trip.
  await checkNewPassword(
    ctx.commonPasswords,
    input.newPassword,
    ctx.policy.passwordMinLength,
    'newPassword',
  )
  const { user } = await authenticate(ctx, accessToken)
  await reverifyBothFactors(ctx, user, input)
  const nextHash = await ctx.passwords.hash(input.newPassword)
  const { refreshToken, session } = await newSession(ctx, meta)
  const account = await ctx.store.users.replacePasswordAndSessions(
    user.id,
    user.passwordHash,
    nextHash,
    session,
  )
  // The hash changed under us (a concurrent change): the caller must start again.
  if (!account)
    throw new AuthError('invalid_credentials', { message: 'Current password is incorrect' })
  ctx.mailer.send({ kind: 'password_changed', to: account.email, name: user.name })
  return signIn(ctx, account, session, refreshToken)
}
