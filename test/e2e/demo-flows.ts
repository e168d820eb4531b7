/** The demo page's flows, driven the way a user would (demo.e2e.ts runs them). */
import { randomUUID } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { collectCspViolations, screenshot } from './browser.ts'
import { fillForm, idle, textOf, waitForText } from './page.ts'

export const COOKIE = '__Host-edge-auth-refresh'
export const PASSWORD = 'correct horse battery staple'

/** A fresh address per flow, so no flow depends on a user another one made. */
export const freshEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`

/** Register, log out, a wrong password, log in, the cookie, a reload, a refresh, log out. */
export async function signInFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
): Promise<void> {
  const email = freshEmail('ada')
  const page = await context.newPage()
  const csp = collectCspViolations(page)
  const res = await page.goto(`${workerUrl}/`)
  const policy = res?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("default-src 'none'; script-src 'self'; style-src 'self';")
  expect(policy).toContain("frame-ancestors 'none'")
  expect(res?.headers()['x-content-type-options']).toBe('nosniff')
  await waitForText(page, 'status', 'Signed out')
  await registerThenLogIn(page, email)
  await checkTokenAndCookie(page, context, workerUrl, email)
  await screenshot(page, 'demo-signed-in', screenshots)
  if (process.env.E2E_DOCS_SCREENSHOT === '1') await page.screenshot({ path: 'docs/demo.png' })

  await page.reload()
  await waitForText(page, 'log', 'Session restored from the refresh cookie')
  await waitForText(page, 'status', `Signed in as ${email}`)
  await screenshot(page, 'demo-after-reload', screenshots)
  const before = JSON.parse(await textOf(page, 'token-payload'))
  await page.getByTestId('refresh').click()
  await waitForText(page, 'log', 'Refreshed')
  expect(JSON.parse(await textOf(page, 'token-payload')).jti).not.toBe(before.jti)

  await page.getByTestId('logout').click()
  await waitForText(page, 'status', 'Signed out')
  expect((await context.cookies(`${workerUrl}/auth/refresh`)).some((c) => c.name === COOKIE)).toBe(
    false,
  )
  await page.reload()
  await waitForText(page, 'log', 'No session cookie: signed out')
  await waitForText(page, 'status', 'Signed out')
  expect(csp).toEqual([])
  await page.close()
}

async function registerThenLogIn(page: Page, email: string): Promise<void> {
  await fillForm(page, { email, password: PASSWORD, name: 'Ada Lovelace' })
  await page.getByTestId('register').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'user-name', 'Ada Lovelace')
  await page.getByTestId('logout').click()
  await waitForText(page, 'status', 'Signed out')

  await fillForm(page, { email, password: 'not the password' })
  await page.getByTestId('login').click()
  await waitForText(page, 'error', 'Invalid credentials (invalid_credentials, HTTP 401)')
  await fillForm(page, { password: PASSWORD })
  await page.getByTestId('login').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'user-name', 'Ada Lovelace')
  expect(await page.getByTestId('error').isHidden()).toBe(true)
}

/** The claims decoded in the page, and the cookie as the browser stored it (not visible to JS). */
async function checkTokenAndCookie(
  page: Page,
  context: BrowserContext,
  workerUrl: string,
  email: string,
) {
  const header = JSON.parse(await textOf(page, 'token-header'))
  const payload = JSON.parse(await textOf(page, 'token-payload'))
  expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' })
  expect(payload).toMatchObject({ email, sub: await textOf(page, 'user-id'), role: 'user' })
  const cookie = (await context.cookies(`${workerUrl}/auth/refresh`)).find((c) => c.name === COOKIE)
  // `__Host-` cookies must have Path=/ (RFC 6265bis §4.1.3.2).
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
  expect(await page.evaluate<string>('document.cookie')).toBe('')
  // A bare fetch POST, as browser apps write it: no body at all, only the cookie (over real HTTP
  // such a request still has an empty body stream).
  const status = await page.evaluate(
    async () => (await fetch('/auth/refresh', { method: 'POST', credentials: 'include' })).status,
  )
  expect(status).toBe(200)
}

/**
 * Failed logins lock the email (README, lockout): five 401s, then the page shows the account
 * lockout's 429 with its Retry-After (LOGIN_LOCKOUT_BASE, 30 s). The per-IP limit would say 60 s
 * and refuse every address; here another address from the same browser still gets its 401.
 */
export async function lockoutFlow(workerUrl: string, context: BrowserContext): Promise<void> {
  await context.clearCookies()
  const page = await context.newPage()
  await page.goto(`${workerUrl}/`)
  await waitForText(page, 'status', 'Signed out')
  const attempt = async (email: string) => {
    await fillForm(page, { email, password: 'wrong password' })
    await page.getByTestId('login').click()
    await idle(page)
    return textOf(page, 'error')
  }
  const email = freshEmail('locked')
  const errors: string[] = []
  for (let i = 0; i < 6; i++) errors.push(await attempt(email))
  const invalid = 'Invalid credentials (invalid_credentials, HTTP 401)'
  expect(errors.slice(0, 5)).toEqual(Array(5).fill(invalid))
  const locked =
    /^Too many attempts; try again later \(rate_limited, HTTP 429\)\. Try again in (\d+) seconds?\.$/
  expect(errors[5]).toMatch(locked)
  const wait = Number(locked.exec(errors[5] ?? '')?.[1])
  expect(wait).toBeGreaterThanOrEqual(1)
  expect(wait).toBeLessThanOrEqual(30)
  expect(await attempt(freshEmail('neighbour'))).toBe(invalid)
  await page.close()
}
