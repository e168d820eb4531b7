/** CORS in a real browser, and the API docs page under its CSP (demo.e2e.ts runs them). */
import type { BrowserContext } from 'playwright-core'
import { expect } from 'vitest'
import { collectCspViolations, screenshot } from './browser.ts'
import { COOKIE, freshEmail, PASSWORD } from './demo-flows.ts'
import { type CallInit, callWorker } from './page.ts'
import type { Stack } from './stack.ts'

const jsonPost = (body: unknown): CallInit => ({
  method: 'POST',
  credentials: 'include',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/**
 * From the allowlisted origin a credentialed fetch registers and logs in (the grant is on the
 * answer, the cookie is stored, and a refresh with it works); from an unlisted origin the
 * browser refuses.
 */
export async function crossOriginFlow(stack: Stack, context: BrowserContext): Promise<void> {
  await context.clearCookies()
  const front = await context.newPage()
  await front.goto(stack.frontEndUrl)
  const account = { email: freshEmail('cross-origin'), password: PASSWORD }
  const post = jsonPost(account)
  const registered = await callWorker(front, `${stack.workerUrl}/auth/register`, post)
  expect(registered).toMatchObject({ ok: true, status: 201 })
  await context.clearCookies()
  const answer = front.waitForResponse(
    (res) => res.url() === `${stack.workerUrl}/auth/login` && res.request().method() === 'POST',
  )
  const login = await callWorker(front, `${stack.workerUrl}/auth/login`, post)
  expect(login).toMatchObject({ ok: true, status: 200 })
  const body = JSON.parse(login.body ?? '{}')
  expect(body).toMatchObject({ user: { email: account.email } })
  expect(body).not.toHaveProperty('refreshToken')
  const headers = (await answer).headers()
  expect(headers['access-control-allow-origin']).toBe(stack.frontEndUrl)
  expect(headers['access-control-allow-credentials']).toBe('true')
  expect(
    (await context.cookies(`${stack.workerUrl}/auth/refresh`)).some((c) => c.name === COOKIE),
  ).toBe(true)
  // The cookie (SameSite=Strict: these origins are the same site) goes back with a refresh.
  const refresh = await callWorker(front, `${stack.workerUrl}/auth/refresh`, {
    ...post,
    body: '{}',
  })
  expect(refresh).toMatchObject({ ok: true, status: 200 })
  await front.close()

  const foreign = await context.newPage()
  await foreign.goto(stack.foreignUrl)
  const blocked = await callWorker(foreign, `${stack.workerUrl}/auth/login`, post)
  expect(blocked).toMatchObject({ ok: false, name: 'TypeError' })
  await foreign.close()
}

/** Swagger UI renders the OpenAPI document with its (looser) CSP and nothing blocked. */
export async function docsFlow(workerUrl: string, context: BrowserContext, screenshots: string[]) {
  const page = await context.newPage()
  const csp = collectCspViolations(page)
  const res = await page.goto(`${workerUrl}/docs/`)
  const policy = res?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("script-src 'self';")
  expect(policy).toContain("frame-ancestors 'none'")
  expect(policy).not.toContain('unsafe')
  expect(res?.headers()['x-content-type-options']).toBe('nosniff')
  expect(res?.headers()['referrer-policy']).toBe('no-referrer')
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'edge-auth' }).waitFor()
  // Opening an operation renders its schemas and examples (syntax-highlighted, inline-styled).
  await page.locator('.opblock-summary').first().click()
  await page.locator('.opblock-body .model-example').first().waitFor()
  await page.locator('.btn.authorize').click()
  await page.locator('.modal-ux .auth-container').first().waitFor()
  await page.locator('.modal-ux .close-modal').click()
  await screenshot(page, 'docs', screenshots)
  expect(csp).toEqual([])
  await page.close()
}
