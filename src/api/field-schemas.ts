/**
 * The fields request bodies are made of, as zod schemas (zod/mini keeps the Worker bundle small):
 * each says what the server accepts, and the OpenAPI document states the same rule.
 */
import * as z from 'zod/mini'
import { MAX_PASSWORD_LENGTH, passwordLength } from '../password-length.ts'

/** C0/C1 controls and DEL (NUL, CR, LF...) never belong in these fields. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export const wellFormed = (field: string) =>
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

/** Opaque; its shape is checked by the domain, so a garbage token is a 401, not a 400. */
export const RefreshToken = z
  .string('refreshToken must be a string')
  .check(z.maxLength(512, 'refreshToken is too long'))

/** A code from the authenticator app (RFC 6238: 6 digits; spaces allowed, as apps show them). */
export const TotpCode = z.string('code must be a string').check(z.maxLength(32, 'code is too long'))
export const RecoveryCode = z
  .string('recoveryCode must be a string')
  .check(z.maxLength(64, 'recoveryCode is too long'))

/** Where a second factor may be asked for: one of these when the account has TOTP on. */
export const SecondFactor = { code: z.optional(TotpCode), recoveryCode: z.optional(RecoveryCode) }

/** A mailed link's token: opaque; its shape is checked by the domain (400 `invalid_link`). */
export const LinkToken = z
  .string('token must be a string')
  .check(z.maxLength(512, 'token is too long'))

/** An mfaToken is opaque; its shape is checked by the domain (401 `invalid_token`). */
export const MfaToken = z
  .string('mfaToken must be a string')
  .check(z.maxLength(512, 'mfaToken is too long'))
