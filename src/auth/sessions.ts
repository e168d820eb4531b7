/**
 * Refresh-token rotation with reuse detection (RFC 9700 §4.14.2), logout and password change.
 */
import { AuthError } from '../errors.ts'
import type { AuthDeps, ClientMeta } from './deps.ts'
import { checkNewPassword } from './password-policy.ts'
import { hashRefreshToken, isRefreshTokenShaped } from './refresh-token.ts'
import { authenticate } from './service.ts'
import { newSession, nextRefreshToken, type SignedIn, signIn } from './session-tokens.ts'

/**
 * Exchanges a refresh token for a new pair. The presented token stops working. Presenting it
 * again revokes the whole family, except within REFRESH_REUSE_INTERVAL of its rotation while its
 * successor is unused: browsers with several tabs refresh at once, and that is not theft.
 */
export async function refresh(deps: AuthDeps, presented: string): Promise<SignedIn> {
  if (!isRefreshTokenShaped(presented)) throw new AuthError('invalid_token')
  const hash = await hashRefreshToken(presented)
  const now = deps.clock.now()
  const { refreshToken, record } = await nextRefreshToken(deps, now)
  const sessions = deps.store.sessions
  const at = new Date(now)
  const rotated =
    (await sessions.rotate(hash, record, at)) ??
    (await sessions.rotateAgain(
      hash,
      record,
      at,
      new Date(now - deps.refresh.reuseInterval * 1000),
    ))
  if (rotated) return signIn(deps, rotated.account, rotated.sessionId, refreshToken)
  if (await sessions.revokeReused(hash, at))
    deps.log.warn({ msg: 'refresh token reuse: session revoked' })
  throw new AuthError('invalid_token')
}

/** Ends the session the token belongs to. Idempotent; an unknown token is not an error. */
export async function logout(deps: AuthDeps, presented: unknown): Promise<void> {
  if (!isRefreshTokenShaped(presented)) return
  await deps.store.sessions.revokeByToken(
    await hashRefreshToken(presented),
    new Date(deps.clock.now()),
  )
}

/** Ends every session of the access token's user. */
export async function logoutAll(deps: AuthDeps, accessToken: string): Promise<void> {
  const { user } = await authenticate(deps, accessToken)
  await deps.store.sessions.revokeAll(user.id, new Date(deps.clock.now()), 'logout_all')
}

/**
 * Verifies the current password, stores the new hash, ends every session (ASVS 5.0 V7.4.3) and
 * starts a new one, all in one statement.
 */
export async function changePassword(
  deps: AuthDeps,
  accessToken: string,
  input: { currentPassword: string; newPassword: string },
  meta: ClientMeta,
): Promise<SignedIn> {
  const { user } = await authenticate(deps, accessToken)
  checkNewPassword(input.newPassword, deps.passwordMinLength, 'newPassword')
  const check = await deps.passwords.verify(input.currentPassword, user.passwordHash)
  if (!check.ok)
    throw new AuthError('invalid_credentials', { message: 'Current password is incorrect' })
  const nextHash = await deps.passwords.hash(input.newPassword)
  const { refreshToken, session } = await newSession(deps, meta)
  const account = await deps.store.sessions.changePassword(
    user.id,
    user.passwordHash,
    nextHash,
    session,
  )
  // The hash changed under us (a concurrent change): the caller must start again.
  if (!account)
    throw new AuthError('invalid_credentials', { message: 'Current password is incorrect' })
  return signIn(deps, account, session.id, refreshToken)
}
