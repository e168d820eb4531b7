/** Who an access token belongs to, on every route of ours that takes one. */
import { AuthError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import type { UserRecord } from './store.ts'

/**
 * The user behind an access token, read fresh, and only while its session is live: logout and
 * password change take effect at once on our routes.
 */
export async function authenticate(
  ctx: AuthContext,
  accessToken: string,
): Promise<{ user: UserRecord; sessionId: string }> {
  const claims = await ctx.tokens.verify(accessToken)
  const user = await ctx.store.sessions.findLiveUser(
    claims.sid,
    claims.sub,
    new Date(ctx.clock.now()),
  )
  if (!user) throw new AuthError('invalid_token', { message: 'Session has ended' })
  return { user, sessionId: claims.sid }
}
