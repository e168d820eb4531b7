/**
 * Request bodies of the API, as zod schemas over the fields of src/api/field-schemas.ts. The
 * routes validate with these and the OpenAPI document is generated from them.
 */
import * as z from 'zod/mini'
import {
  AnyPassword,
  Email,
  LinkToken,
  MfaToken,
  Name,
  NewPassword,
  RefreshToken,
  SecondFactor,
  TotpCode,
} from './field-schemas.ts'
import { AuthenticationResponse } from './passkey-schemas.ts'

/** Unknown keys (such as `role`) are dropped, never stored. */
export const RegisterBody = z.object({
  email: Email,
  password: NewPassword,
  name: z.optional(Name),
})

export const LoginBody = z.object({ email: Email, password: AnyPassword })

/** In cookie mode a browser sends no body: the token comes from the cookie. */
export const RefreshBody = z.object({ refreshToken: z.optional(RefreshToken) })

export const LogoutBody = z.object({ refreshToken: z.optional(RefreshToken) })

export const LogoutQuery = z.object({ scope: z.optional(z.enum(['all', 'others'])) })

export const PasswordChangeBody = z.object({
  currentPassword: AnyPassword,
  newPassword: NewPassword,
  ...SecondFactor,
})

export const EmailBody = z.object({ email: Email })

export const ResetPasswordBody = z.object({
  token: LinkToken,
  newPassword: NewPassword,
  ...SecondFactor,
})

export const VerifyEmailBody = z.object({ token: LinkToken })

export const ChangeEmailBody = z.object({
  newEmail: Email,
  currentPassword: AnyPassword,
  ...SecondFactor,
})

export const DeleteAccountBody = z.object({ currentPassword: AnyPassword, ...SecondFactor })

export const MfaLoginBody = z.object({
  mfaToken: MfaToken,
  ...SecondFactor,
  passkey: z.optional(AuthenticationResponse),
})

export const TotpSetupBody = z.object({ currentPassword: AnyPassword })

export const TotpCodeBody = z.object({ code: TotpCode })

/** An app code or, for a user who lost the app, an unused recovery code (one of the two). */
export const TotpDisableBody = z.object({ currentPassword: AnyPassword, ...SecondFactor })

export const RecoveryCodesBody = z.object({ ...SecondFactor })
