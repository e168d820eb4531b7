/** The contract of the static pages: the demo, the docs, this document (src/routes/static-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'

const page = <const P extends string>(path: P, summary: string) =>
  defineEndpoint({
    method: 'get',
    path,
    tag: 'service',
    summary,
    database: false,
    success: { status: 200, description: 'HTML', contentType: 'text/html', cache: 'asset' },
    errors: ['not_found'],
  })

export const DEMO_PAGE = page('/', 'The demo page (a static asset)')
/**
 * The paths of the links the service mails (src/mail/mail-content.ts), under APP_URL: the demo
 * page answers them, reads the token from the fragment (`#token=`, never sent to a server) and
 * POSTs it; a GET changes nothing, so a mail scanner that follows the link uses nothing up.
 */
export const RESET_PASSWORD_PAGE = page(
  '/reset-password',
  'The demo page for a mailed password-reset link (the token stays in the fragment)',
)
export const VERIFY_EMAIL_PAGE = page(
  '/verify-email',
  'The demo page for a mailed verification link (the token stays in the fragment)',
)
export const CONFIRM_EMAIL_PAGE = page(
  '/confirm-email',
  'The demo page for a mailed email-change link (the token stays in the fragment)',
)
export const LINK_PAGES = [RESET_PASSWORD_PAGE, VERIFY_EMAIL_PAGE, CONFIRM_EMAIL_PAGE]
export const DOCS_PAGE = page('/docs/', 'The API documentation page, Swagger UI (a static asset)')
export const DOCS_REDIRECT = defineEndpoint({
  method: 'get',
  path: '/docs',
  tag: 'service',
  summary: 'Redirects to /docs/',
  database: false,
  success: { status: 307, description: 'To /docs/ (Location)' },
})
export const OPENAPI_DOCUMENT = defineEndpoint({
  method: 'get',
  path: '/openapi.json',
  tag: 'service',
  summary: 'This document (a static asset)',
  database: false,
  success: {
    status: 200,
    description: 'OpenAPI 3.1',
    contentType: 'application/json',
    cache: 'asset',
  },
  errors: ['not_found'],
})

export const STATIC_ENDPOINTS = [
  DEMO_PAGE,
  ...LINK_PAGES,
  DOCS_PAGE,
  DOCS_REDIRECT,
  OPENAPI_DOCUMENT,
]
