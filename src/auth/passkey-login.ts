/**
 * Signing in with a passkey (discoverable credentials, WebAuthn Level 3 §7.2): request options
 * with a single-use challenge and an empty allowCredentials, so the answer is the same whatever
 * email is given (accepted, and ignored); then the response verified and a session started.
 * During a password login's second step, the options name that user's passkeys instead.
 *
 * A passkey alone signs in, even when the account has TOTP on, because it is itself two
 * factors: the device's key and its user verification (a PIN or a biometric), required here
 * (`userVerification: 'required'`, and the UV flag checked). That is a multi-factor
 * cryptographic authenticator, AAL2 on its own (NIST SP 800-63B rev. 3 §4.2.1, §5.1.8-5.1.9),
 * and phishing resistant, which a TOTP code is not: asking for one on top adds nothing.
 */
import { AuthError } from '../errors.ts'
import type { AuthContext, ClientMeta } from './context.ts'
import { hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'
import { verifyPasskey } from './passkey-assertion.ts'
import { rememberChallenge } from './passkey-ceremony.ts'
import { newSession, type SignedIn, signIn } from './token-pair.ts'
import {
  type AuthenticationResponseJSON,
  createAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from './webauthn/webauthn.ts'

export async function passkeyRequestOptions(
  ctx: AuthContext,
  input: { mfaToken?: string | undefined },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const forUser = input.mfaToken === undefined ? null : await mfaUser(ctx, input.mfaToken)
  const allow = forUser ? await ctx.store.passkeys.list(forUser) : []
  const options = createAuthenticationOptions({
    rpId: ctx.webauthn.rpId,
    allowCredentials: allow.map(({ id, transports }) => ({ id, transports })),
    // After a password the passkey is the second factor; alone, it must verify its user.
    userVerification: forUser ? 'preferred' : 'required',
  })
  await rememberChallenge(ctx, 'passkey_login', options.challenge, forUser)
  return options
}

export async function loginWithPasskey(
  ctx: AuthContext,
  response: AuthenticationResponseJSON,
  meta: ClientMeta,
): Promise<SignedIn> {
  const { userId } = await verifyPasskey(ctx, response, null)
  // RFC 8176: possession of a hardware-bound key, a user-presence test, and, with the user
  // verification verifyPasskey required, more than one factor.
  const amr = ['hwk', 'user', 'mfa']
  const { refreshToken, session } = await newSession(ctx, meta, amr)
  const verifiedOnly = ctx.policy.requireEmailVerification
  const started = await ctx.store.sessions.insertForUser(userId, session, verifiedOnly)
  if (!started) throw new AuthError('invalid_credentials', { outcome: 'passkey_refused:user' })
  if (started === 'unverified')
    throw new AuthError('email_unverified', { outcome: 'email_unverified' })
  return signIn(ctx, started, session, refreshToken)
}

/** The user an mfaToken (still live) belongs to. */
async function mfaUser(ctx: AuthContext, mfaToken: string): Promise<string> {
  const invalid = new AuthError('invalid_token', { message: 'Invalid or expired mfaToken' })
  if (!isOpaqueTokenShaped(mfaToken)) throw invalid
  const now = new Date(ctx.clock.now())
  const found = await ctx.store.oneTimeTokens.find(
    await hashOpaqueToken(mfaToken),
    ['mfa_login'],
    now,
  )
  if (!found) throw invalid
  return found.userId
}
