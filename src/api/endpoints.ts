/** Every endpoint the app serves, in the order the OpenAPI document lists them. */
import { ACCOUNT_ENDPOINTS } from './account-endpoints.ts'
import { EMAIL_ENDPOINTS } from './email-endpoints.ts'
import type { EndpointSpec } from './endpoint-spec.ts'
import { MFA_ENDPOINTS } from './mfa-endpoints.ts'
import { PASSKEY_ENDPOINTS } from './passkey-endpoints.ts'
import { SERVICE_ENDPOINTS } from './service-endpoints.ts'
import { SESSION_ENDPOINTS } from './session-endpoints.ts'
import { SIGN_IN_ENDPOINTS } from './sign-in-endpoints.ts'
import { STATIC_ENDPOINTS } from './static-endpoints.ts'

export const ENDPOINTS: readonly EndpointSpec[] = [
  ...SIGN_IN_ENDPOINTS,
  ...SESSION_ENDPOINTS,
  ...EMAIL_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...MFA_ENDPOINTS,
  ...PASSKEY_ENDPOINTS,
  ...SERVICE_ENDPOINTS,
  ...STATIC_ENDPOINTS,
]
