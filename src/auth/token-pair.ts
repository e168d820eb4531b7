/** What every flow that hands out a token pair shares: a new session, a next token, the answer. */
import type { AuthContext, AuthServices, ClientMeta } from './context.ts'
import { generateOpaqueToken, hashOpaqueToken } from './opaque-token.ts'
import type { Account, NewRefreshToken, NewSession, SessionRef } from './store.ts'

export interface PublicUser {
  id: string
  email: string
  role: string
}

/** The token pair: `{token, refreshToken, expiresIn, user}` (a superset of the seed's login answer). */
export interface SignedIn {
  token: string
  refreshToken: string
  expiresIn: number
  user: PublicUser
}

/** A fresh refresh token for an existing or new family; its idle limit starts now. */
export async function nextRefreshToken(
  ctx: AuthServices,
  now: number,
): Promise<{ refreshToken: string; record: NewRefreshToken }> {
  const refreshToken = generateOpaqueToken()
  const record = {
    id: crypto.randomUUID(),
    hash: await hashOpaqueToken(refreshToken),
    expiresAt: new Date(now + ctx.policy.refresh.idleTtl * 1000),
  }
  return { refreshToken, record }
}

/** A new session (refresh-token family) with its first token; nothing is stored yet. */
export async function newSession(
  ctx: AuthServices,
  meta: ClientMeta,
  amr: string[] = ['pwd'],
): Promise<{ refreshToken: string; session: NewSession }> {
  const now = ctx.clock.now()
  const { refreshToken, record } = await nextRefreshToken(ctx, now)
  const session: NewSession = {
    id: crypto.randomUUID(),
    createdAt: new Date(now),
    expiresAt: new Date(now + ctx.policy.refresh.ttl * 1000),
    ...meta,
    amr,
    token: record,
  }
  return { refreshToken, session }
}

/** Signs the access token for a session and assembles the answer. */
export async function signIn(
  ctx: Pick<AuthContext, 'tokens'>,
  account: Account,
  session: SessionRef,
  refreshToken: string,
): Promise<SignedIn> {
  const user = { id: account.id, email: account.email, role: account.role }
  const subject = { ...user, sid: session.id, emailVerified: account.emailVerified }
  const issued = await ctx.tokens.issue({ ...subject, amr: session.amr })
  return { token: issued.token, refreshToken, expiresIn: issued.expiresIn, user }
}
