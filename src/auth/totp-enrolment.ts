/**
 * Turning TOTP on and off (issue 13): a pending secret (160 bits, sealed at rest), confirmed by
 * a code from the app, which answers ten recovery codes shown once; new codes on request; off
 * with the password and a code. Where a code is asked for, an unused recovery code does too, so
 * a user who lost the app can turn TOTP off and enrol again (ASVS 5.0 V6.4.4: recovering a lost
 * factor takes what enrolment took, here the session and the password, plus a recovery code).
 * Every code is counted in the per-account lockout before it is checked.
 */
import { AuthError } from '../errors.ts'
import { authenticate } from './authenticate.ts'
import type { AuthContext } from './context.ts'
import { countAttempt, reverifyPassword } from './lockout.ts'
import { reverifyBothFactors } from './reverify.ts'
import { type SecondFactorInput, verifySecondFactor } from './second-factor.ts'
import { base32Encode } from './totp/base32.ts'
import { otpauthUri } from './totp/otpauth-uri.ts'
import { generateRecoveryCodes, hashRecoveryCode } from './totp/recovery-codes.ts'
import { generateTotpSecret, matchTotp } from './totp/totp-code.ts'

export async function setupTotp(
  ctx: AuthContext,
  accessToken: string,
  input: { currentPassword: string },
): Promise<{ secret: string; uri: string }> {
  const { user } = await authenticate(ctx, accessToken)
  if (user.factors.includes('totp')) throw new AuthError('already_enabled')
  await reverifyPassword(ctx, user, input.currentPassword)
  const secret = generateTotpSecret()
  const sealed = await ctx.secretBox.seal(secret, user.id)
  if (!(await ctx.store.factors.savePendingTotp(user.id, sealed, new Date(ctx.clock.now()))))
    throw new AuthError('already_enabled')
  const uri = otpauthUri({ secret, issuer: ctx.issuer, account: user.email })
  return { secret: base32Encode(secret), uri }
}

export async function confirmTotp(
  ctx: AuthContext,
  accessToken: string,
  input: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const { user } = await authenticate(ctx, accessToken)
  // Counted like every other code (issue 13); the password was checked at setup.
  const key = await countAttempt(ctx, user.email)
  const record = await ctx.store.factors.totp(user.id)
  if (!record || record.confirmed)
    throw new AuthError('invalid_code', { message: 'Start the setup first' })
  const now = ctx.clock.now()
  const step = await matchTotp(await ctx.secretBox.open(record.sealed, user.id), input.code, now)
  const { codes, hashes } = await newRecoveryCodes()
  if (
    step === undefined ||
    !(await ctx.store.factors.confirmTotp(user.id, step, hashes, new Date(now)))
  )
    throw new AuthError('invalid_code')
  await ctx.store.loginThrottles.clear(key)
  return { recoveryCodes: codes }
}

export async function regenerateRecoveryCodes(
  ctx: AuthContext,
  accessToken: string,
  input: SecondFactorInput,
): Promise<{ recoveryCodes: string[] }> {
  const { user } = await authenticate(ctx, accessToken)
  await verifySecondFactor(ctx, user, oneCode(input), 'invalid_code')
  const { codes, hashes } = await newRecoveryCodes()
  await ctx.store.factors.replaceRecoveryCodes(user.id, hashes, new Date(ctx.clock.now()))
  return { recoveryCodes: codes }
}

export async function disableTotp(
  ctx: AuthContext,
  accessToken: string,
  input: { currentPassword: string } & SecondFactorInput,
): Promise<void> {
  const { user } = await authenticate(ctx, accessToken)
  if (!user.factors.includes('totp'))
    throw new AuthError('invalid_code', { message: 'TOTP is off' })
  const factor = oneCode(input)
  await reverifyBothFactors(
    ctx,
    user,
    { currentPassword: input.currentPassword, ...factor },
    'invalid_code',
  )
  await ctx.store.factors.removeTotp(user.id)
}

/** The app's code or a recovery code (never a passkey); neither is a malformed request (400). */
function oneCode(input: SecondFactorInput): SecondFactorInput {
  if (input.code === undefined && input.recoveryCode === undefined)
    throw new AuthError('validation_failed', {
      details: { formErrors: ['code or recoveryCode is required'], fieldErrors: {} },
    })
  return { code: input.code, recoveryCode: input.recoveryCode }
}

async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = generateRecoveryCodes()
  return { codes, hashes: await Promise.all(codes.map(hashRecoveryCode)) }
}
