/**
 * Re-checking a signed-in user before a sensitive change (password change, email change, account
 * deletion, turning TOTP off): the current password and, when TOTP is on, an app code or an
 * unused recovery code. Both are ONE attempt in the per-account lockout, cleared only when both
 * passed: clearing on the password alone let whoever holds the session and the password guess
 * codes without limit (outside review, issue 13). NIST SP 800-63B-4 §3.2.2 (rev. 3 §5.2.2)
 * limits failed attempts per account whatever the authenticator, and asks OTP and look-up secret
 * verifiers to do so (§3.1.4.2, §3.1.2.2); ASVS 5.0 V6.3.1. Login does the same: its password
 * step stays counted until the second step passes (login.ts).
 */
import type { AuthContext } from './context.ts'
import { checkCurrentPassword, countAttempt } from './lockout.ts'
import type { Factor } from './records.ts'
import {
  mfaRequired,
  type SecondFactorInput,
  secondFactorAccepted,
  type WrongCode,
  wrongCode,
} from './second-factor.ts'

/**
 * Throws 429 while locked, 401 for a wrong password, 403 `mfa_required` when TOTP is on and no
 * code came (the attempt stays counted, as at login), or `wrong` for a wrong or used code.
 */
export async function reverifyBothFactors(
  ctx: AuthContext,
  user: { id: string; email: string; passwordHash: string; factors: Factor[] },
  input: { currentPassword: string } & SecondFactorInput,
  wrong: WrongCode = 'invalid_credentials',
): Promise<void> {
  const key = await countAttempt(ctx, user.email)
  await checkCurrentPassword(ctx, user, input.currentPassword)
  if (user.factors.includes('totp')) {
    const { code, recoveryCode } = input
    if (code === undefined && recoveryCode === undefined) throw mfaRequired(user.factors)
    if (!(await secondFactorAccepted(ctx, user.id, { code, recoveryCode }))) throw wrongCode(wrong)
  }
  await ctx.store.loginThrottles.clear(key)
}
