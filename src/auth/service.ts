/**
 * Register, log in, who-am-I. Plain inputs, plain results, `AuthError` on failure; no HTTP here
 * (routes are thin wrappers).
 */
import { AuthError } from '../errors.ts'
import type { AuthDeps, ClientMeta } from './deps.ts'
import { newSession, type PublicUser, type SignedIn, signIn } from './session-tokens.ts'
import type { UserRecord } from './store.ts'

export interface UserProfile extends PublicUser {
  name: string | null
  createdAt: string
}

/** Expects an already normalised email (trimmed, lower-cased) and a policy-checked password. */
export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string | undefined },
  meta: ClientMeta,
): Promise<SignedIn> {
  const passwordHash = await deps.passwords.hash(input.password)
  const { refreshToken, session } = await newSession(deps, meta)
  // The user, its session and first token in one statement: never a user without a session.
  const account = await deps.store.sessions.createWithUser(
    { email: input.email, passwordHash, name: input.name ?? null },
    session,
  )
  if (!account) throw new AuthError('email_taken')
  return signIn(deps, account, session.id, refreshToken)
}

/**
 * Unknown email and wrong password give the same error after the same PBKDF2 work
 * (OWASP Authentication Cheat Sheet: authentication responses; ASVS 5.0 V6.3.8).
 */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: ClientMeta,
): Promise<SignedIn> {
  const user = await deps.store.users.findByEmail(input.email)
  if (!user) {
    await deps.passwords.verifyDummy(input.password)
    throw new AuthError('invalid_credentials')
  }
  const result = await deps.passwords.verify(input.password, user.passwordHash)
  if (result.problem)
    deps.log.warn({
      msg: 'stored password hash unusable',
      problem: result.problem,
      userId: user.id,
    })
  if (!result.ok) throw new AuthError('invalid_credentials')
  if (result.needsRehash) await upgradeHash(deps, user, input.password)
  const { refreshToken, session } = await newSession(deps, meta)
  await deps.store.sessions.create(user.id, session)
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

async function upgradeHash(deps: AuthDeps, user: UserRecord, password: string): Promise<void> {
  const next = await deps.passwords.hash(password)
  // Compare-and-set: a concurrent login that already upgraded wins, nothing is lost.
  await deps.store.users.replacePasswordHash(user.id, user.passwordHash, next)
}
