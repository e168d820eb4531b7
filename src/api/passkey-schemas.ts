/** Request bodies of the passkey routes: WebAuthn Level 3 JSON forms, bounded. */
import * as z from 'zod/mini'
import { AnyPassword, CONTROL, Email, MfaToken, SecondFactor } from './field-schemas.ts'

const b64 = (max: number) => z.string().check(z.maxLength(max), z.regex(/^[A-Za-z0-9_-]*$/))

/** WebAuthn Level 3 AuthenticationResponseJSON (§5.1.4); its content is verified in src/auth/. */
export const AuthenticationResponse = z.object({
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64(4096),
    authenticatorData: b64(4096),
    signature: b64(2048),
    userHandle: z.optional(z.nullable(b64(128))),
  }),
  authenticatorAttachment: z.optional(z.nullable(z.string().check(z.maxLength(32)))),
  clientExtensionResults: z.optional(z.record(z.string(), z.unknown())),
})

/** WebAuthn Level 3 RegistrationResponseJSON (§5.1.3). */
export const RegistrationResponse = z.object({
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64(4096),
    attestationObject: b64(8192),
    transports: z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(8))),
    authenticatorData: z.optional(b64(8192)),
    publicKey: z.optional(b64(2048)),
    publicKeyAlgorithm: z.optional(z.int()),
  }),
  authenticatorAttachment: z.optional(z.nullable(z.string().check(z.maxLength(32)))),
  clientExtensionResults: z.optional(z.record(z.string(), z.unknown())),
})

/** A passkey's name as its owner sees it. */
const PasskeyName = z.string('name must be a string').check(
  z.trim(),
  z.minLength(1, 'Name must not be empty'),
  z.maxLength(64, 'Name must be at most 64 characters'),
  z.refine<string>((value) => !CONTROL.test(value), 'Name must not contain control characters'),
)

export const PasskeyRegisterBody = z.object({
  response: RegistrationResponse,
  name: z.optional(PasskeyName),
})

/** `email` is accepted and ignored: the answer never depends on whether it has an account. */
export const PasskeyOptionsBody = z.object({
  email: z.optional(Email),
  mfaToken: z.optional(MfaToken),
})

export const PasskeyLoginBody = z.object({ response: AuthenticationResponse })

export const PasskeyRenameBody = z.object({ name: PasskeyName })

/**
 * Re-authentication before a passkey is added (its creation options) or removed: the password,
 * and a code or a recovery code when TOTP is on (403 `mfa_required` without one).
 */
export const PasskeyReauthBody = z.object({ currentPassword: AnyPassword, ...SecondFactor })
