/** The contract of sign-in: register, log in, who am I (src/routes/sign-in-routes.ts serves it). */
import { defineEndpoint } from './endpoint-spec.ts'
import { LoginBody, RegisterBody } from './request-schemas.ts'

export const REGISTER = defineEndpoint({
  method: 'post',
  path: '/auth/register',
  tag: 'accounts',
  summary: 'Create an account and start a session',
  body: RegisterBody,
  throttle: 'register',
  success: {
    status: 201,
    description: 'Signed in; a verification link is mailed',
    body: 'TokenPair',
    pair: true,
  },
  alternative: {
    status: 202,
    description:
      'REQUIRE_EMAIL_VERIFICATION=on: the same answer for new and existing addresses; a link (or, to an existing owner, a notice) is mailed',
    body: 'VerificationSent',
  },
  errors: ['weak_password', 'email_taken'],
})

export const LOGIN = defineEndpoint({
  method: 'post',
  path: '/auth/login',
  tag: 'accounts',
  summary: 'Check a password and start a session',
  body: LoginBody,
  throttle: 'login',
  success: { status: 200, description: 'Signed in', body: 'TokenPair', pair: true },
  errors: ['invalid_credentials', 'email_unverified', 'mfa_required'],
})

export const ME = defineEndpoint({
  method: 'get',
  path: '/auth/me',
  tag: 'accounts',
  summary: 'Who the access token belongs to',
  security: ['bearer'],
  success: { status: 200, description: 'The user', body: 'Profile' },
})

export const SIGN_IN_ENDPOINTS = [REGISTER, LOGIN, ME]
