/**
 * Mailed single-use links (OWASP Forgot Password Cheat Sheet): at least 32 random bytes, only
 * their SHA-256 stored, short-lived, single use, a newer one replacing the older, and throttled
 * per account: at most one mail a minute and a daily cap, for unknown addresses exactly as for
 * known ones, so neither the answer nor the work tells whether an account exists.
 */
import { AuthError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import type { MailLimit, NewOneTimeToken, TokenPurpose } from './lifecycle-store.ts'
import { generateOpaqueToken, hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'

/** Seconds each mailed link lives (reset within OWASP's short window; verification a day). */
export const LINK_TTL: Record<'reset_password' | 'verify_email' | 'change_email', number> = {
  reset_password: 30 * 60,
  verify_email: 24 * 60 * 60,
  change_email: 60 * 60,
}

/** Mails of one kind per account and UTC day (and never more than one a minute). */
export const MAILS_PER_DAY = 5

/** A fresh token and the record that stores its hash. */
export async function newOneTimeToken(
  ctx: AuthContext,
  ttlSeconds: number,
): Promise<{ token: string; record: NewOneTimeToken }> {
  const token = generateOpaqueToken()
  const expiresAt = new Date(ctx.clock.now() + ttlSeconds * 1000)
  return {
    token,
    record: { id: crypto.randomUUID(), hash: await hashOpaqueToken(token), expiresAt },
  }
}

/** The per-account mail limit for one kind of mail to an address (keyed like the lockout). */
export async function mailLimit(ctx: AuthContext, kind: string, email: string): Promise<MailLimit> {
  return { key: `${kind}:${await ctx.throttleKeys.of(email)}`, perDay: MAILS_PER_DAY }
}

/** The hash of a presented link token, or 400 `invalid_link` before any database work. */
export async function linkTokenHash(presented: unknown): Promise<string> {
  if (!isOpaqueTokenShaped(presented)) throw new AuthError('invalid_link')
  return hashOpaqueToken(presented)
}

/** Mails a link of `purpose` to an address if it has an account (same answer and work if not). */
export async function mailLinkTo(
  ctx: AuthContext,
  purpose: 'reset_password' | 'verify_email',
  email: string,
): Promise<void> {
  const { token, record } = await newOneTimeToken(ctx, LINK_TTL[purpose])
  const target = await ctx.store.oneTimeTokens.issueByEmail({
    purpose,
    email,
    token: record,
    limit: await mailLimit(ctx, purpose, email),
    now: new Date(ctx.clock.now()),
    unverifiedOnly: purpose === 'verify_email',
  })
  if (target) ctx.mailer.send({ kind: purpose, to: target.email, name: target.name, token })
  else ctx.mailer.sendNothing()
}

export type { TokenPurpose }
