/** The contract of account recovery and ownership by email (src/routes/email-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'
import {
  ChangeEmailBody,
  EmailBody,
  ResetPasswordBody,
  VerifyEmailBody,
} from './request-schemas.ts'

const sent = (description: string) => ({ status: 202, description, body: 'MailSent' }) as const

export const FORGOT_PASSWORD = defineEndpoint({
  method: 'post',
  path: '/auth/password/forgot',
  tag: 'accounts',
  summary: 'Mail a password-reset link (the same answer whether or not the account exists)',
  body: EmailBody,
  throttle: 'mail',
  success: sent('Taken: a link is mailed if the address has an account'),
})

export const RESET_PASSWORD = defineEndpoint({
  method: 'post',
  path: '/auth/password/reset',
  tag: 'accounts',
  summary: "Set a new password with the link's token; ends every session, starts a new one",
  body: ResetPasswordBody,
  throttle: 'reset',
  success: {
    status: 200,
    description: 'Signed in with the new password',
    body: 'TokenPair',
    pair: true,
  },
  errors: ['invalid_link', 'weak_password', 'mfa_required', 'invalid_credentials'],
})

export const SEND_VERIFICATION = defineEndpoint({
  method: 'post',
  path: '/auth/email/verify/send',
  tag: 'accounts',
  summary: 'Mail the verification link again (the same answer for unknown addresses)',
  body: EmailBody,
  throttle: 'mail',
  success: sent('Taken: a link is mailed if the address has an unverified account'),
})

export const VERIFY_EMAIL = defineEndpoint({
  method: 'post',
  path: '/auth/email/verify',
  tag: 'accounts',
  summary: 'Use a verification or email-change link: proves the address, starts a session',
  body: VerifyEmailBody,
  throttle: 'verify',
  success: { status: 200, description: 'Verified and signed in', body: 'TokenPair', pair: true },
  errors: ['invalid_link', 'email_taken'],
})

export const CHANGE_EMAIL = defineEndpoint({
  method: 'post',
  path: '/auth/email/change',
  tag: 'accounts',
  summary: 'Mail a confirmation link to a new address (and a notice to the current one)',
  body: ChangeEmailBody,
  throttle: 'email_change',
  security: ['bearer'],
  success: sent('Taken: the change happens when the link is used'),
  errors: ['invalid_credentials', 'email_taken', 'mfa_required'],
})

export const EMAIL_ENDPOINTS = [
  FORGOT_PASSWORD,
  RESET_PASSWORD,
  SEND_VERIFICATION,
  VERIFY_EMAIL,
  CHANGE_EMAIL,
]
