/**
 * Checking a second factor (RFC 6238 TOTP, or a single-use recovery code) the way passwords are
 * checked: counted in the same per-account lockout before any work, a wrong code answered like a
 * wrong password (OWASP MFA Cheat Sheet; NIST SP 800-63B §3.2.2), and each TOTP step and each
 * recovery code accepted once (no replay).
 */
import { AuthError, type ErrorCode } from '../errors.ts'
import type { AuthContext } from './context.ts'
import { countAttempt } from './lockout.ts'
import { verifyPasskey } from './passkey-assertion.ts'
import type { Factor } from './records.ts'
import { hashRecoveryCode, normalizeRecoveryCode } from './totp/recovery-codes.ts'
import { matchTotp } from './totp/totp-code.ts'
import type { AuthenticationResponseJSON } from './webauthn/webauthn.ts'

/** What a caller may present: an app's code, a recovery code, or (at login) a passkey. */
export interface SecondFactorInput {
  code?: string | undefined
  recoveryCode?: string | undefined
  passkey?: AuthenticationResponseJSON | undefined
}

/** The ways to pass the second step, for `details.methods` of a 403 `mfa_required`. */
export function methodsOf(factors: Factor[]): string[] {
  const methods: string[] = []
  if (factors.includes('totp')) methods.push('totp', 'recovery_code')
  if (factors.includes('passkey')) methods.push('webauthn')
  return methods
}

/** 403 `mfa_required`: the request must be repeated with a second factor. */
export const mfaRequired = (factors: Factor[], details: Record<string, unknown> = {}) =>
  new AuthError('mfa_required', { details: { ...details, methods: methodsOf(factors) } })

/** Verifies `input` for the user or throws `wrong` (401 at login, 400 while enrolling), or 429. */
export async function verifySecondFactor(
  ctx: AuthContext,
  user: { id: string; email: string },
  input: SecondFactorInput,
  wrong: WrongCode = 'invalid_credentials',
): Promise<void> {
  const key = await countAttempt(ctx, user.email)
  if (!(await secondFactorAccepted(ctx, user.id, input))) throw wrongCode(wrong)
  await ctx.store.loginThrottles.clear(key)
}

/** The error codes a wrong second factor may answer with. */
export type WrongCode = Extract<ErrorCode, 'invalid_credentials' | 'invalid_code'>

/** A wrong (or already used) code, answered like a wrong password. */
export const wrongCode = (wrong: WrongCode) =>
  new AuthError(wrong, { message: 'The code is wrong or was already used', outcome: 'mfa_failed' })

/**
 * Whether `input` passes for the user, consuming the TOTP step or the recovery code it used. The
 * caller has counted the attempt in the lockout (and clears it when everything passed).
 */
export async function secondFactorAccepted(
  ctx: AuthContext,
  userId: string,
  input: SecondFactorInput,
): Promise<boolean> {
  const now = ctx.clock.now()
  if (input.code !== undefined) return totpAccepted(ctx, userId, input.code, now)
  if (input.recoveryCode !== undefined)
    return recoveryCodeAccepted(ctx, userId, input.recoveryCode, now)
  return input.passkey !== undefined && passkeyAccepted(ctx, userId, input.passkey)
}

/** For a sensitive change: when the user has TOTP on, a valid code is required (else 403). */
export async function requireSecondFactor(
  ctx: AuthContext,
  user: { id: string; email: string; factors: Factor[] },
  input: SecondFactorInput,
): Promise<void> {
  if (!user.factors.includes('totp')) return
  if (input.code === undefined && input.recoveryCode === undefined) throw mfaRequired(user.factors)
  await verifySecondFactor(ctx, user, input)
}

async function totpAccepted(ctx: AuthContext, userId: string, code: string, now: number) {
  const record = await ctx.store.factors.totp(userId)
  if (!record?.confirmed) return false
  // The user id is the associated data: a secret copied to another row does not open.
  const secret = await ctx.secretBox.open(record.sealed, userId)
  const step = await matchTotp(secret, code, now)
  if (step === undefined || !(await ctx.store.factors.useTotpStep(userId, step))) return false
  // MFA_ENCRYPTION_KEY rotation: a secret under an older key moves to the current one on use.
  const { keyId } = record.sealed
  if (ctx.secretBox.needsRekey(keyId))
    await ctx.store.factors.resealTotp(userId, keyId, await ctx.secretBox.seal(secret, userId))
  return true
}

async function passkeyAccepted(
  ctx: AuthContext,
  userId: string,
  response: AuthenticationResponseJSON,
) {
  try {
    await verifyPasskey(ctx, response, userId)
    return true
  } catch (error) {
    if (error instanceof AuthError && error.code === 'invalid_credentials') return false
    throw error
  }
}

async function recoveryCodeAccepted(ctx: AuthContext, userId: string, input: string, now: number) {
  const code = normalizeRecoveryCode(input)
  if (!code) return false
  return ctx.store.factors.useRecoveryCode(userId, await hashRecoveryCode(code), new Date(now))
}
