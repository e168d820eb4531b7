/**
 * The otpauth:// URI an authenticator app scans from a QR code (Google Authenticator's Key URI
 * format, github.com/google/google-authenticator/wiki/Key-Uri-Format):
 *
 *   otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
 *
 * The parameters spell out the defaults of totp-code.ts, so every app computes the same codes.
 */
import { base32Encode } from './base32.ts'
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp-code.ts'

export interface OtpauthUriInput {
  /** The shared secret (generateTotpSecret). */
  secret: Uint8Array
  /** Who the account is with, e.g. the service name; shown by the app above the code. */
  issuer: string
  /** Whose account it is, e.g. the user's email; shown below the issuer. */
  account: string
}

/**
 * Builds the URI. Issuer and account are percent-encoded (RFC 3986) as whole components, so `:`
 * `?` `&` `#` `%` `+` `/` and spaces in them stay data: the only literal `:` in the label is the
 * separator, and nothing ends the path or the query early. The format forbids a colon in either
 * part; an account may still hold one (encoded as %3A, after the first, literal colon), but the
 * issuer, which apps also split on, may not: it throws RangeError, as does an empty part.
 */
export function otpauthUri({ secret, issuer, account }: OtpauthUriInput): string {
  if (issuer === '' || issuer.includes(':')) {
    throw new RangeError('the TOTP issuer must be non-empty and contain no colon')
  }
  if (account === '') throw new RangeError('the TOTP account name must be non-empty')
  const query = [
    // Base32 without padding: the Key URI format says padding "should be omitted".
    `secret=${base32Encode(secret)}`,
    `issuer=${component(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ]
  return `otpauth://totp/${component(issuer)}:${component(account)}?${query.join('&')}`
}

/** UTF-8 percent-encoding; a lone surrogate (encodeURIComponent would throw) becomes U+FFFD. */
function component(text: string): string {
  return encodeURIComponent(text.toWellFormed())
}
