/** Creating an account, and the profile `/auth/me` shows. */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { checkNewPassword } from './password-policy.ts'
import type { UserRecord } from './store.ts'
import { newSession, type PublicUser, type SignedIn, signIn } from './token-pair.ts'

export interface UserProfile extends PublicUser {
  name: string | null
  createdAt: string
}

/** Expects an already normalised email (trimmed, lower-cased). */
export async function register(
  ctx: AuthContext,
  input: { email: string; password: string; name?: string | undefined },
  meta: ClientMeta,
): Promise<SignedIn> {
  await checkNewPassword(input.password, ctx.policy.passwordMinLength)
  const passwordHash = await ctx.passwords.hash(input.password)
  const { refreshToken, session } = await newSession(ctx, meta)
  // The user, its session and first token in one statement: never a user without a session.
  const user = { email: input.email, passwordHash, name: input.name ?? null }
  const account = await ctx.store.users.insertWithSession(user, session)
  if (!account) throw new AuthError('email_taken')
  return signIn(ctx, account, session, refreshToken)
}

export function toProfile(user: UserRecord): UserProfile {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
  }
}
