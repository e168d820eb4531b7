/**
 * The second step of a login when the account has a second factor: the password step answers
 * 403 `mfa_required` with an mfaToken (Auth0's shape) and starts no session; the token is
 * short-lived, single use, bound to that user and to the credential state the password was
 * checked under, and good for nothing else (it is not a JWT nor a refresh token).
 */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { newOneTimeToken } from './email-tokens.ts'
import { hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'
import type { Credentials } from './records.ts'
import { mfaRequired, type SecondFactorInput, verifySecondFactor } from './second-factor.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'

/** Seconds an mfaToken lives. */
export const MFA_TOKEN_TTL = 5 * 60

/** After a correct password: issues the mfaToken and throws the 403 that carries it. */
export async function startMfaChallenge(ctx: AuthContext, user: Credentials): Promise<never> {
  const { token, record } = await newOneTimeToken(ctx, MFA_TOKEN_TTL)
  await ctx.store.oneTimeTokens.issue({
    purpose: 'mfa_login',
    userId: user.id,
    token: record,
    payload: { email: user.email, epoch: String(user.credentialEpoch) },
    now: new Date(ctx.clock.now()),
  })
  throw mfaRequired(user.factors, { mfaToken: token })
}

/** `POST /auth/login/mfa`: the second factor for an mfaToken; one session, once. */
export async function completeMfaLogin(
  ctx: AuthContext,
  input: SecondFactorInput & { mfaToken: string },
  meta: ClientMeta,
): Promise<SignedIn> {
  const invalid = () => new AuthError('invalid_token', { message: 'Invalid or expired mfaToken' })
  if (!isOpaqueTokenShaped(input.mfaToken)) throw invalid()
  const tokenHash = await hashOpaqueToken(input.mfaToken)
  const now = new Date(ctx.clock.now())
  const found = await ctx.store.oneTimeTokens.find(tokenHash, ['mfa_login'], now)
  if (!found) throw invalid()
  await verifySecondFactor(ctx, { id: found.userId, email: found.email }, input)
  const amr = input.passkey ? ['pwd', 'hwk', 'mfa'] : ['pwd', 'otp', 'mfa']
  const { refreshToken, session } = await newSession(ctx, meta, amr)
  const throttleKey = await ctx.throttleKeys.of(found.email)
  const account = await ctx.store.sessions.insertConsumingToken(tokenHash, session, throttleKey)
  // Another request with the same mfaToken won the race, or the password changed meanwhile.
  if (!account) throw invalid()
  return signIn(ctx, account, session, refreshToken)
}
