/** The contract of the static pages: the demo, the docs, this document (src/routes/static-routes.ts). */
import { defineEndpoint } from './endpoint-spec.ts'

const page = (path: '/' | '/docs/', summary: string) =>
  defineEndpoint({
    method: 'get',
    path,
    tag: 'service',
    summary,
    database: false,
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    errors: ['not_found'],
  })

export const DEMO_PAGE = page('/', 'The demo page (a static asset)')
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
  success: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' },
  errors: ['not_found'],
})

export const STATIC_ENDPOINTS = [DEMO_PAGE, DOCS_PAGE, DOCS_REDIRECT, OPENAPI_DOCUMENT]
