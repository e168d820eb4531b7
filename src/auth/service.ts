/**
 * The login logic: register, log in, who-am-I. Plain inputs, plain results, `AuthError` on
 * failure; no HTTP here (routes are thin wrappers).
 */
import { AuthError } from '../errors.ts'
import type { Logger } from '../log.ts'
import type { PasswordHasher } from './password.ts'
import type { Store, UserRecord } from './store.ts'
import type { IssuedToken, TokenService } from './tokens.ts'

export interface AuthDeps {
  store: Store
  passwords: PasswordHasher
  tokens: TokenService
  log: Logger
}

export interface PublicUser {
  id: string
  email: string
  role: string
}

export interface UserProfile extends PublicUser {
  name: string | null
  createdAt: string
}

export interface SignedIn extends IssuedToken {
  user: PublicUser
}

/** Expects an already normalised email (trimmed, lower-cased) and a policy-checked password. */
export async function register(
  deps: AuthDeps,
  input: { email: string; password: string; name?: string | undefined },
): Promise<SignedIn> {
  const passwordHash = await deps.passwords.hash(input.password)
  const user = await deps.store.users.create({
    email: input.email,
    passwordHash,
    name: input.name ?? null,
  })
  if (!user) throw new AuthError('email_taken')
  return signIn(deps, user)
}

/**
 * Unknown email and wrong password give the same error after the same PBKDF2 work
 * (OWASP Authentication Cheat Sheet: authentication responses; ASVS 5.0 V6.3.8).
 */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string },
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
  return signIn(deps, user)
}

/** The user an access token names, read fresh from the database. */
export async function currentUser(deps: AuthDeps, accessToken: string): Promise<UserProfile> {
  const claims = await deps.tokens.verify(accessToken)
  const user = await deps.store.users.findById(claims.sub)
  if (!user) throw new AuthError('invalid_token')
  return { ...toPublicUser(user), name: user.name, createdAt: user.createdAt.toISOString() }
}

async function upgradeHash(deps: AuthDeps, user: UserRecord, password: string): Promise<void> {
  const next = await deps.passwords.hash(password)
  // Compare-and-set: a concurrent login that already upgraded wins, nothing is lost.
  await deps.store.users.replacePasswordHash(user.id, user.passwordHash, next)
}

async function signIn(deps: AuthDeps, user: UserRecord): Promise<SignedIn> {
  const publicUser = toPublicUser(user)
  const issued = await deps.tokens.issue(publicUser)
  return { ...issued, user: publicUser }
}

function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, role: user.role }
}
