/** The contract of passkeys: WebAuthn registration, sign-in and management (src/routes/passkey-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'
import {
  PasskeyLoginBody,
  PasskeyOptionsBody,
  PasskeyReauthBody,
  PasskeyRegisterBody,
  PasskeyRenameBody,
} from './passkey-schemas.ts'

const signedIn = { tag: 'accounts', security: ['bearer'] } as const

export const PASSKEY_REGISTER_OPTIONS = defineEndpoint({
  ...signedIn,
  method: 'post',
  path: '/auth/passkeys/register/options',
  summary:
    'Creation options for a new passkey, after the password (and a code when TOTP is on), with a single-use challenge (5 minutes)',
  body: PasskeyReauthBody,
  throttle: 'passkey',
  success: {
    status: 200,
    description: 'PublicKeyCredentialCreationOptionsJSON',
    body: 'PasskeyCreationOptions',
  },
  errors: ['invalid_credentials', 'mfa_required'],
})

export const PASSKEY_REGISTER = defineEndpoint({
  ...signedIn,
  method: 'post',
  path: '/auth/passkeys/register',
  summary:
    'Verify a RegistrationResponseJSON for a challenge from the options, store the passkey, mail the owner',
  body: PasskeyRegisterBody,
  throttle: 'passkey',
  success: { status: 201, description: 'Stored', body: 'Passkey' },
  errors: ['passkey_refused'],
})

export const PASSKEY_LOGIN_OPTIONS = defineEndpoint({
  method: 'post',
  path: '/auth/passkeys/login/options',
  tag: 'accounts',
  summary:
    'Request options for signing in with a passkey (the same answer whatever `email`); with the mfaToken of a password login, its user’s passkeys',
  body: PasskeyOptionsBody,
  bodyOptional: true,
  throttle: 'login',
  success: {
    status: 200,
    description: 'PublicKeyCredentialRequestOptionsJSON',
    body: 'PasskeyRequestOptions',
  },
  errors: ['invalid_token'],
})

export const PASSKEY_LOGIN = defineEndpoint({
  method: 'post',
  path: '/auth/passkeys/login',
  tag: 'accounts',
  summary: 'Sign in with a passkey: verifies the AuthenticationResponseJSON, starts a session',
  body: PasskeyLoginBody,
  throttle: 'login',
  success: { status: 200, description: 'Signed in', body: 'TokenPair', pair: true },
  errors: ['invalid_credentials', 'email_unverified'],
})

export const LIST_PASSKEYS = defineEndpoint({
  ...signedIn,
  method: 'get',
  path: '/auth/passkeys',
  summary: "The user's passkeys (names and dates, no key material)",
  success: { status: 200, description: 'The passkeys', body: 'Passkeys' },
})

export const RENAME_PASSKEY = defineEndpoint({
  ...signedIn,
  method: 'patch',
  path: '/auth/passkeys/:id',
  summary: 'Rename a passkey',
  body: PasskeyRenameBody,
  success: { status: 200, description: 'Renamed', body: 'Passkey' },
  errors: ['not_found'],
})

export const REMOVE_PASSKEY = defineEndpoint({
  ...signedIn,
  method: 'delete',
  path: '/auth/passkeys/:id',
  summary: 'Remove a passkey (with the password, and a code when TOTP is on)',
  body: PasskeyReauthBody,
  throttle: 'passkey',
  success: { status: 204, description: 'Removed' },
  errors: ['not_found', 'invalid_credentials', 'mfa_required'],
})

export const PASSKEY_ENDPOINTS = [
  PASSKEY_REGISTER_OPTIONS,
  PASSKEY_REGISTER,
  PASSKEY_LOGIN_OPTIONS,
  PASSKEY_LOGIN,
  LIST_PASSKEYS,
  RENAME_PASSKEY,
  REMOVE_PASSKEY,
]
