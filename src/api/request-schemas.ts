/**
 * Request bodies of the API, as zod schemas (zod/mini keeps the Worker bundle small). The routes
 * validate with these and the OpenAPI document is generated from them.
 */
import * as z from 'zod/mini'
import { MAX_PASSWORD_LENGTH, passwordLength } from '../auth/password-policy.ts'

/** C0/C1 controls and DEL (NUL, CR, LF...) never belong in these fields. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

const wellFormed = (field: string) =>
  z.refine<string>((value) => value.isWellFormed(), `${field} contains an unpaired surrogate`)

/** Trimmed and lower-cased, then checked with zod's email format (not `z.regexes`, which drags every regex into the bundle). */
export const Email = z.pipe(
  z
    .string('Email must be a string')
    .check(
      z.maxLength(1024, 'Email must be at most 254 characters'),
      z.trim(),
      z.toLowerCase(),
      z.maxLength(254, 'Email must be at most 254 characters'),
    ),
  z.email('Invalid email address'),
)

/**
 * NIST SP 800-63B §3.1.1.2: length counted in code points after NFKC; never truncated. Only the
 * bounds that protect the service are checked here; the minimum (PASSWORD_MIN_LENGTH) and the
 * blocklist are the domain's (src/auth/password-policy.ts), the one place they live.
 */
export const NewPassword = z.string('Password must be a string').check(
  wellFormed('Password'),
  z.refine<string>(
    (value) => passwordLength(value) <= MAX_PASSWORD_LENGTH,
    `Password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  ),
)

/** At login only the bounds that protect the service apply; a policy change must not lock anyone out. */
export const AnyPassword = z.string('Password must be a string').check(
  z.minLength(1, 'Password is required'),
  wellFormed('Password'),
  z.refine<string>(
    (value) => passwordLength(value) <= MAX_PASSWORD_LENGTH,
    `Password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  ),
)

export const Name = z.string('Name must be a string').check(
  z.trim(),
  z.minLength(1, 'Name must not be empty'),
  z.maxLength(100, 'Name must be at most 100 characters'),
  wellFormed('Name'),
  z.refine<string>((value) => !CONTROL.test(value), 'Name must not contain control characters'),
)

/** Unknown keys (such as `role`) are dropped, never stored. */
export const RegisterBody = z.object({
  email: Email,
  password: NewPassword,
  name: z.optional(Name),
})

export const LoginBody = z.object({ email: Email, password: AnyPassword })

/** Opaque; its shape is checked by the domain, so a garbage token is a 401, not a 400. */
const RefreshToken = z
  .string('refreshToken must be a string')
  .check(z.maxLength(512, 'refreshToken is too long'))

/** In cookie mode a browser sends no body: the token comes from the cookie. */
export const RefreshBody = z.object({ refreshToken: z.optional(RefreshToken) })

export const LogoutBody = z.object({ refreshToken: z.optional(RefreshToken) })

export const LogoutQuery = z.object({ scope: z.optional(z.enum(['all', 'others'])) })

/** A code from the authenticator app (RFC 6238: 6 digits; spaces allowed, as apps show them). */
const TotpCode = z.string('code must be a string').check(z.maxLength(32, 'code is too long'))
const RecoveryCode = z
  .string('recoveryCode must be a string')
  .check(z.maxLength(64, 'recoveryCode is too long'))

/** Where a second factor may be asked for: one of these when the account has TOTP on. */
const SecondFactor = { code: z.optional(TotpCode), recoveryCode: z.optional(RecoveryCode) }

export const PasswordChangeBody = z.object({
  currentPassword: AnyPassword,
  newPassword: NewPassword,
  ...SecondFactor,
})

/** A mailed link's token: opaque; its shape is checked by the domain (400 `invalid_link`). */
const LinkToken = z.string('token must be a string').check(z.maxLength(512, 'token is too long'))

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

/** An mfaToken is opaque; its shape is checked by the domain (401 `invalid_token`). */
const MfaToken = z
  .string('mfaToken must be a string')
  .check(z.maxLength(512, 'mfaToken is too long'))

export const MfaLoginBody = z.object({ mfaToken: MfaToken, ...SecondFactor })

export const TotpSetupBody = z.object({ currentPassword: AnyPassword })

export const TotpCodeBody = z.object({ code: TotpCode })

export const TotpDisableBody = z.object({ currentPassword: AnyPassword, code: TotpCode })
