/** The contract of devices and the account as data (src/routes/account-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'
import { DeleteAccountBody } from './request-schemas.ts'

export const LIST_SESSIONS = defineEndpoint({
  method: 'get',
  path: '/auth/sessions',
  tag: 'sessions',
  summary: "The user's live sessions (devices), most recently used first",
  security: ['bearer'],
  success: { status: 200, description: 'The sessions; `current` marks this one', body: 'Sessions' },
})

export const END_SESSION = defineEndpoint({
  method: 'delete',
  path: '/auth/sessions/:id',
  tag: 'sessions',
  summary: 'End one session (its refresh and access tokens stop at once)',
  security: ['bearer'],
  success: { status: 204, description: 'Ended', clearsCookie: true },
  errors: ['not_found'],
})

export const DELETE_ACCOUNT = defineEndpoint({
  method: 'delete',
  path: '/auth/account',
  tag: 'accounts',
  summary: 'Delete the account and everything stored about it',
  body: DeleteAccountBody,
  throttle: 'account',
  security: ['bearer'],
  success: { status: 204, description: 'Deleted; a notice is mailed', clearsCookie: true },
  errors: ['invalid_credentials', 'mfa_required'],
})

export const EXPORT_ACCOUNT = defineEndpoint({
  method: 'get',
  path: '/auth/account/export',
  tag: 'accounts',
  summary: 'Everything stored about the user, as a JSON attachment (no secrets, no hashes)',
  security: ['bearer'],
  success: {
    status: 200,
    description: 'The data',
    body: 'AccountExport',
    attachment: 'attachment; filename="account.json"',
  },
})

export const ACCOUNT_ENDPOINTS = [LIST_SESSIONS, END_SESSION, DELETE_ACCOUNT, EXPORT_ACCOUNT]
