/**
 * Register, log in, who-am-I. Plain inputs, plain results, `AuthError` on failure; no HTTP here
 * (routes are thin wrappers).
 */
import { AuthError } from '../errors.ts'
import type { AuthDeps, ClientMeta } from './deps.ts'
import { b64url } from './encoding.ts'
import { checkNewPassword } from './password-policy.ts'
import { newSession, type PublicUser, type SignedIn, signIn } from './session-tokens.ts'
import type { Credentials, UserRecord } from './store.ts'

export interface UserProfile extends PublicUser {
  name: string | null
  createdAt: string
}

/** Expects an already normalised email (trimmed, lower-cased). */
export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string | undefined },
  meta: ClientMeta,
): Promise<SignedIn> {
  checkNewPassword(input.password, deps.passwordMinLength)
  const passwordHash = await deps.passwords.hash(input.password)
  const { refreshToken, session } = await newSession(deps, meta)
  // The user, its session and first token in one statement: never a user without a session.
  const user = { email: input.email, passwordHash, name: input.name ?? null }
  const account = await deps.store.sessions.createWithUser(user, session)
  if (!account) throw new AuthError('email_taken')
  return signIn(deps, account, session.id, refreshToken)
}

/**
 * The attempt is counted, and refused while the email is locked, before any hashing (ASVS 5.0
 * V6.3.1, V15.2.2; OWASP Authentication Cheat Sheet), for unknown emails exactly as for real ones; an
 * unknown email then runs the same PBKDF2 work against a dummy hash, and fails like a wrong
 * password (ASVS 5.0 V6.3.8).
 */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: ClientMeta,
): Promise<SignedIn> {
  const now = deps.clock.now()
  const emailHash = await hashEmail(input.email)
  const attempt = await deps.store.users.beginLogin(
    input.email,
    emailHash,
    new Date(now),
    deps.lockout,
  )
  if (!attempt.allowed) {
    const wait = attempt.lockedUntil
      ? (attempt.lockedUntil.getTime() - now) / 1000
      : deps.lockout.baseDelay
    throw new AuthError('rate_limited', { retryAfter: Math.max(1, wait), outcome: 'locked' })
  }
  const user = attempt.user
  if (!user) {
    await deps.passwords.verifyDummy(input.password)
    throw new AuthError('invalid_credentials', { outcome: 'login_failed' })
  }
  const result = await deps.passwords.verify(input.password, user.passwordHash)
  if (result.problem)
    deps.log.warn({
      msg: 'stored password hash unusable',
      problem: result.problem,
      userId: user.id,
    })
  if (!result.ok) throw new AuthError('invalid_credentials', { outcome: 'login_failed' })
  if (result.needsRehash) await upgradeHash(deps, user, input.password)
  const { refreshToken, session } = await newSession(deps, meta)
  await deps.store.sessions.create(user.id, session, emailHash)
  return signIn(deps, user, session.id, refreshToken)
}

/**
 * The user behind an access token, read fresh, and only while its session is live: logout and
 * password change take effect at once on our routes.
 */
export async function authenticate(
  deps: AuthDeps,
  accessToken: string,
): Promise<{ user: UserRecord; sessionId: string }> {
  const claims = await deps.tokens.verify(accessToken)
  const user = await deps.store.sessions.findActiveUser(
    claims.sid,
    claims.sub,
    new Date(deps.clock.now()),
  )
  if (!user) throw new AuthError('invalid_token', { message: 'Session has ended' })
  return { user, sessionId: claims.sid }
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

/** The throttle key: no email address is stored for the attempts of unknown emails. */
async function hashEmail(email: string): Promise<string> {
  return b64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email))),
  )
}

async function upgradeHash(deps: AuthDeps, user: Credentials, password: string): Promise<void> {
  const next = await deps.passwords.hash(password)
  // Compare-and-set: a concurrent login that already upgraded wins, nothing is lost.
  await deps.store.users.replacePasswordHash(user.id, user.passwordHash, next)
}
