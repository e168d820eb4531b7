/** Refresh-token rotation with reuse detection (RFC 9700 §4.14.2). */
import { AuthError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import { hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'
import { nextRefreshToken, type SignedIn, signIn } from './token-pair.ts'

/**
 * Exchanges a refresh token for a new pair. The presented token stops working. Presenting it
 * again revokes the whole family, except within REFRESH_REUSE_INTERVAL of its rotation while its
 * successor is unused: browsers with several tabs refresh at once, and that is not theft.
 */
export async function refresh(ctx: AuthContext, presented: string): Promise<SignedIn> {
  if (!isOpaqueTokenShaped(presented)) throw new AuthError('invalid_token')
  const hash = await hashOpaqueToken(presented)
  const now = ctx.clock.now()
  const { refreshToken, record } = await nextRefreshToken(ctx, now)
  const tokens = ctx.store.refreshTokens
  const at = new Date(now)
  const { reuseInterval } = ctx.policy.refresh
  const graceStart = new Date(now - reuseInterval * 1000)
  // With no interval there is no grace, not even for a rotation in the same millisecond (the
  // Workers clock stands still between I/O, so concurrent requests often share one).
  const rotated =
    (await tokens.rotate(hash, record, at)) ??
    (reuseInterval > 0 ? await tokens.rotateWithinGrace(hash, record, at, graceStart) : undefined)
  if (rotated) return signIn(ctx, rotated.account, rotated.session, refreshToken)
  if (await ctx.store.sessions.revokeByReusedToken(hash, at))
    ctx.log.warn({ msg: 'refresh token reuse: session revoked' })
  throw new AuthError('invalid_token')
}
