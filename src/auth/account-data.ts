/**
 * The account as data (GDPR): deleting it with everything stored about it (Art. 17), and a copy
 * of everything stored about it (Art. 15 and 20), never a secret or a hash.
 */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'
import type { AccountExport } from './records.ts'
import { reverifyBothFactors } from './reverify.ts'
import type { SecondFactorInput } from './second-factor.ts'

/**
 * Re-checks the password (counted in the login lockout), then deletes the user and everything
 * about it in one statement; every token of theirs fails from then on, the address can register
 * again, and a notice is mailed.
 */
export async function deleteAccount(
  ctx: AuthContext,
  accessToken: string,
  input: { currentPassword: string } & SecondFactorInput,
): Promise<void> {
  const { user } = await authenticate(ctx, accessToken)
  await reverifyBothFactors(ctx, user, input)
  const key = await ctx.throttleKeys.of(user.email)
  if (!(await ctx.store.users.deleteWithEverything(user.id, [key])))
    throw new AuthError('invalid_token', { message: 'Session has ended' })
  ctx.mailer.send({ kind: 'account_deleted', to: user.email, name: user.name })
}

export async function exportAccount(ctx: AuthContext, accessToken: string): Promise<AccountExport> {
  const { user } = await authenticate(ctx, accessToken)
  const data = await ctx.store.users.exportData(user.id)
  if (!data) throw new AuthError('invalid_token', { message: 'Session has ended' })
  return data
}
