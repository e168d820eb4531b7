/** Ending sessions: the one a refresh token belongs to, or all of a user's. */
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'
import { hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'

/** Ends the session the token belongs to. Idempotent; an unknown token is not an error. */
export async function logout(ctx: AuthContext, presented: unknown): Promise<void> {
  if (!isOpaqueTokenShaped(presented)) return
  const hash = await hashOpaqueToken(presented)
  await ctx.store.sessions.revokeByToken(hash, new Date(ctx.clock.now()))
}

/** Ends every session of the access token's user. */
export async function logoutAll(ctx: AuthContext, accessToken: string): Promise<void> {
  const { user } = await authenticate(ctx, accessToken)
  await ctx.store.sessions.revokeAllOfUser(user.id, new Date(ctx.clock.now()), 'logout_all')
}
