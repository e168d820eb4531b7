/** The contract of the second factor: TOTP with recovery codes (src/routes/mfa-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'
import {
  MfaLoginBody,
  RecoveryCodesBody,
  TotpCodeBody,
  TotpDisableBody,
  TotpSetupBody,
} from './request-schemas.ts'

export const LOGIN_MFA = defineEndpoint({
  method: 'post',
  path: '/auth/login/mfa',
  tag: 'accounts',
  summary: 'The second step of a login: the mfaToken from 403 mfa_required, and a code',
  body: MfaLoginBody,
  throttle: 'login',
  success: { status: 200, description: 'Signed in', body: 'TokenPair', pair: true },
  errors: ['invalid_credentials', 'invalid_token'],
})

const mfa = { tag: 'accounts', throttle: 'mfa', security: ['bearer'] } as const

export const TOTP_SETUP = defineEndpoint({
  ...mfa,
  method: 'post',
  path: '/auth/mfa/totp/setup',
  summary: 'Start TOTP: a new secret and its otpauth:// URI, pending until confirmed',
  body: TotpSetupBody,
  success: { status: 200, description: 'The pending secret', body: 'TotpSetup' },
  errors: ['invalid_credentials', 'already_enabled'],
})

export const TOTP_CONFIRM = defineEndpoint({
  ...mfa,
  method: 'post',
  path: '/auth/mfa/totp/confirm',
  summary: 'Turn TOTP on with a code from the app; answers ten recovery codes, shown once',
  body: TotpCodeBody,
  success: { status: 200, description: 'On', body: 'RecoveryCodes' },
  errors: ['invalid_code'],
})

export const TOTP_DISABLE = defineEndpoint({
  ...mfa,
  method: 'delete',
  path: '/auth/mfa/totp',
  summary: 'Turn TOTP off: the password and a code from the app, or an unused recovery code',
  body: TotpDisableBody,
  success: { status: 204, description: 'Off; the recovery codes are gone too' },
  errors: ['invalid_credentials', 'invalid_code'],
})

export const RECOVERY_CODES = defineEndpoint({
  ...mfa,
  method: 'post',
  path: '/auth/mfa/recovery-codes',
  summary:
    'New recovery codes (the old ones stop working): a code from the app, or an unused recovery code',
  body: RecoveryCodesBody,
  success: { status: 200, description: 'The new codes, shown once', body: 'RecoveryCodes' },
  errors: ['invalid_code'],
})

export const MFA_ENDPOINTS = [LOGIN_MFA, TOTP_SETUP, TOTP_CONFIRM, TOTP_DISABLE, RECOVERY_CODES]
