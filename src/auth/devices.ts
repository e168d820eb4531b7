/**
 * The user's devices: live sessions listed and ended one by one, or all but this one (Ory
 * Kratos and Better Auth offer the same). Ending a session stops its refresh tokens at once and
 * its access tokens on every route of ours (they carry `sid`).
 */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'

export interface Device {
  id: string
  /** The session this access token belongs to. */
  current: boolean
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string
  userAgent: string | null
  location?: { country: string | null; city: string | null }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function listDevices(ctx: AuthContext, accessToken: string): Promise<Device[]> {
  const { user, sessionId } = await authenticate(ctx, accessToken)
  const sessions = await ctx.store.sessions.listLive(user.id, new Date(ctx.clock.now()))
  return sessions.map((s) => ({
    id: s.id,
    current: s.id === sessionId,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
    expiresAt: s.expiresAt.toISOString(),
    userAgent: s.userAgent,
    ...(s.country || s.city ? { location: { country: s.country, city: s.city } } : {}),
  }))
}

/**
 * Ends one of the user's live sessions. An unknown id, an ended one and another user's all get
 * the same 404 (nothing tells whether a session id exists). Ending the current one is a logout.
 */
export async function endDevice(
  ctx: AuthContext,
  accessToken: string,
  id: string,
): Promise<{ endedCurrent: boolean }> {
  const { user, sessionId } = await authenticate(ctx, accessToken)
  const now = new Date(ctx.clock.now())
  if (!UUID.test(id) || !(await ctx.store.sessions.revokeOne(user.id, id, now)))
    throw new AuthError('not_found', { message: 'No such session' })
  return { endedCurrent: id === sessionId }
}

/** Signs out everywhere else: every session of the user but this one. */
export async function logoutOthers(ctx: AuthContext, accessToken: string): Promise<void> {
  const { user, sessionId } = await authenticate(ctx, accessToken)
  await ctx.store.sessions.revokeOthers(user.id, sessionId, new Date(ctx.clock.now()))
}
