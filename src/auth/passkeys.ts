/**
 * Passkeys on the account (WebAuthn Level 3 §7.1): creation options with a single-use
 * challenge, the registration verified and stored (id, public key, algorithm, counter, backup
 * flags, transports, name), and the list, renamed or removed.
 *
 * A passkey signs in without the password or TOTP (passkey-login.ts), so adding one is a change
 * of how the account authenticates: the options are issued only after the current password and,
 * with TOTP on, a second-factor code (ASVS 5.0 V7.5.1, re-authentication before changing
 * authentication factors), a stolen access token alone cannot add one, and the owner is mailed
 * (ASVS 5.0 V6.3.7). Removal asks the same. Accounts always keep their password, so removing a
 * passkey never removes the last way to sign in.
 */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'
import { userHandleOf } from './passkey-assertion.ts'
import { rememberChallenge, useChallenge } from './passkey-ceremony.ts'
import { reverifyBothFactors } from './reverify.ts'
import type { SecondFactorInput } from './second-factor.ts'
import type { PasskeySummary } from './second-factor-store.ts'
import {
  createRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistration,
  WebAuthnError,
} from './webauthn/webauthn.ts'

const refused = (reason: string) =>
  new AuthError('passkey_refused', { details: { reason }, outcome: 'passkey_refused' })

/** The password (and a code when TOTP is on) of a signed-in user, before a passkey change. */
export type PasskeyReauth = { currentPassword: string } & SecondFactorInput

/**
 * Creation options after re-authentication: the challenge (5 minutes, single use, this user's)
 * is what lets registerPasskey store a credential, so it is handed out only to the account's
 * owner. Checking here, before the authenticator is asked, leaves no orphan passkey on a device
 * when the password is wrong.
 */
export async function passkeyCreationOptions(
  ctx: AuthContext,
  accessToken: string,
  input: PasskeyReauth,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = await authenticate(ctx, accessToken)
  await reverifyBothFactors(ctx, user, input)
  const existing = await ctx.store.passkeys.list(user.id)
  const { rpId, rpName } = ctx.webauthn
  const options = createRegistrationOptions({
    rp: { id: rpId, name: rpName },
    user: { handle: userHandleOf(user.id), name: user.email, displayName: user.name ?? user.email },
    excludeCredentials: existing.map(({ id, transports }) => ({ id, transports })),
    residentKey: 'required',
    userVerification: 'preferred',
  })
  await rememberChallenge(ctx, 'passkey_register', options.challenge, user.id)
  return options
}

export async function registerPasskey(
  ctx: AuthContext,
  accessToken: string,
  input: { response: RegistrationResponseJSON; name?: string | undefined },
): Promise<PasskeySummary> {
  const { user } = await authenticate(ctx, accessToken)
  const clientData = (input.response as { response?: { clientDataJSON?: unknown } }).response
  const { expected } = await useChallenge(
    ctx,
    'passkey_register',
    clientData?.clientDataJSON,
    user.id,
    () => refused('challenge_mismatch'),
  )
  let credential: Awaited<ReturnType<typeof verifyRegistration>>
  try {
    credential = await verifyRegistration(input.response, expected)
  } catch (error) {
    if (error instanceof WebAuthnError) throw refused(error.reason)
    throw error
  }
  const now = new Date(ctx.clock.now())
  const name = input.name ?? `Passkey ${now.toISOString().slice(0, 10)}`
  const passkey = { ...credential, id: credential.credentialId, name }
  // A credential id registered before (to anyone) is refused (WebAuthn Level 3 §7.1 step 26).
  if (!(await ctx.store.passkeys.insert(user.id, passkey, now))) throw refused('already_registered')
  ctx.mailer.send({ kind: 'passkey_added', to: user.email, name: user.name })
  return {
    id: passkey.id,
    name,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    backedUp: credential.backedUp,
    transports: credential.transports,
  }
}

export async function listPasskeys(ctx: AuthContext, accessToken: string) {
  const { user } = await authenticate(ctx, accessToken)
  return ctx.store.passkeys.list(user.id)
}

export async function renamePasskey(
  ctx: AuthContext,
  accessToken: string,
  id: string,
  name: string,
) {
  const { user } = await authenticate(ctx, accessToken)
  const renamed = await ctx.store.passkeys.rename(user.id, id, name)
  if (!renamed) throw new AuthError('not_found', { message: 'No such passkey' })
  return renamed
}

/** Removal re-checks the password, and a code when TOTP is on (each counted in the lockout). */
export async function removePasskey(
  ctx: AuthContext,
  accessToken: string,
  id: string,
  input: PasskeyReauth,
): Promise<void> {
  const { user } = await authenticate(ctx, accessToken)
  await reverifyBothFactors(ctx, user, input)
  if (!(await ctx.store.passkeys.remove(user.id, id)))
    throw new AuthError('not_found', { message: 'No such passkey' })
}
