/**
 * Creating an account, and the profile `/auth/me` shows. By default registration signs the
 * user in and mails a verification link. With REQUIRE_EMAIL_VERIFICATION=on it answers the same
 * for new and existing addresses, in the same work (ASVS 5.0 V6.3.8 at level 3: registration
 * does not reveal accounts): a new account gets the link, an existing one's owner a notice.
 */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { LINK_TTL, mailLimit, newOneTimeToken } from './email-tokens.ts'
import { checkNewPassword } from './password-policy.ts'
import type { Factor, UserRecord } from './store.ts'
import { newSession, type PublicUser, type SignedIn, signIn } from './token-pair.ts'

export interface UserProfile extends PublicUser {
  name: string | null
  emailVerified: boolean
  /** The second factors and sign-in methods enabled besides the password. */
  factors: Factor[]
  createdAt: string
}

type RegisterInput = { email: string; password: string; name?: string | undefined }

/** Expects an already normalised email (trimmed, lower-cased). */
export async function register(
  ctx: AuthContext,
  input: RegisterInput,
  meta: ClientMeta,
): Promise<SignedIn> {
  await checkNewPassword(ctx.commonPasswords, input.password, ctx.policy.passwordMinLength)
  const passwordHash = await ctx.passwords.hash(input.password)
  const { refreshToken, session } = await newSession(ctx, meta)
  const { token, record } = await newOneTimeToken(ctx, LINK_TTL.verify_email)
  // The user, its session, first token and verification link in one statement.
  const user = { email: input.email, passwordHash, name: input.name ?? null }
  const account = await ctx.store.users.insertWithSession(user, session, record)
  if (!account) throw new AuthError('email_taken')
  ctx.mailer.send({ kind: 'verify_email', to: account.email, name: user.name, token })
  return signIn(ctx, account, session, refreshToken)
}

/** REQUIRE_EMAIL_VERIFICATION=on: no session until the link is used; the same answer for all. */
export async function registerPendingVerification(
  ctx: AuthContext,
  input: RegisterInput,
): Promise<void> {
  await checkNewPassword(ctx.commonPasswords, input.password, ctx.policy.passwordMinLength)
  const passwordHash = await ctx.passwords.hash(input.password)
  const { token, record } = await newOneTimeToken(ctx, LINK_TTL.verify_email)
  const user = { email: input.email, passwordHash, name: input.name ?? null }
  const limit = await mailLimit(ctx, 'signup_attempt', input.email)
  const now = new Date(ctx.clock.now())
  const outcome = await ctx.store.users.insertPending(user, record, limit, now)
  if (outcome.created)
    ctx.mailer.send({ kind: 'verify_email', to: input.email, name: user.name, token })
  else if (outcome.existing)
    ctx.mailer.send({
      kind: 'signup_attempt',
      to: outcome.existing.email,
      name: outcome.existing.name,
    })
  else ctx.mailer.sendNothing() // throttled: the same queue work as either answer above
}

export function toProfile(user: UserRecord): UserProfile {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    factors: user.factors,
    createdAt: user.createdAt.toISOString(),
  }
}
