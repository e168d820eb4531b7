/**
 * Verifying a passkey sign-in response against the stored credential (src/auth/webauthn/): the
 * challenge consumed first, the signature and flags checked, a counter that goes backwards
 * refused, the user handle (if sent) matched to the credential's owner, and the new counter
 * stored only if no other use raced it. Any refusal is one 401 `invalid_credentials`; the
 * reason goes to the log only.
 */
import { AuthError } from '../errors.ts'
import { b64url } from './base64.ts'
import type { AuthContext } from './context.ts'
import { useChallenge } from './passkey-ceremony.ts'
import {
  type AuthenticationResponseJSON,
  verifyAssertion,
  WebAuthnError,
} from './webauthn/webauthn.ts'

/** The user handle of a user: the 16 bytes of its id (no personal data, WebAuthn §14.6.1). */
export function userHandleOf(userId: string): Uint8Array {
  const hex = userId.replace(/-/g, '')
  return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16))
}

const refused = (reason: string) =>
  new AuthError('invalid_credentials', { outcome: `passkey_refused:${reason}` })

/**
 * The user who signed in. Without `forUser` the passkey is the only factor of the sign-in, so
 * UV is required (a PIN or a biometric on the device: a multi-factor cryptographic
 * authenticator, NIST SP 800-63B rev. 3 §5.1.9); as the second step after a password,
 * possession is enough.
 */
export async function verifyPasskey(
  ctx: AuthContext,
  response: AuthenticationResponseJSON,
  forUser: string | null,
): Promise<{ userId: string }> {
  const clientData = (response as { response?: { clientDataJSON?: unknown } }).response
  const { expected: ceremony } = await useChallenge(
    ctx,
    'passkey_login',
    clientData?.clientDataJSON,
    forUser,
    () => refused('challenge'),
  )
  const credential =
    typeof response.id === 'string' ? await ctx.store.passkeys.find(response.id) : undefined
  if (!credential || (forUser !== null && credential.userId !== forUser))
    throw refused('unknown_credential')
  const expected = { ...ceremony, requireUserVerification: forUser === null }
  let verified: Awaited<ReturnType<typeof verifyAssertion>>
  try {
    verified = await verifyAssertion(response, expected, credential)
  } catch (error) {
    if (error instanceof WebAuthnError) throw refused(error.reason)
    throw error
  }
  if (
    verified.userHandle !== null &&
    verified.userHandle !== b64url(userHandleOf(credential.userId))
  )
    throw refused('user_handle')
  const now = new Date(ctx.clock.now())
  const { signCount } = credential
  if (
    !(await ctx.store.passkeys.recordUse(
      credential.id,
      signCount,
      verified.newSignCount,
      verified.backedUp,
      now,
    ))
  )
    throw refused('raced')
  return { userId: credential.userId }
}
