/** The demo page's flows, driven the way a user would (demo.e2e.ts runs them). */
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { collectCspViolations, screenshot } from './browser.ts'
import { PASSWORD, uniqueEmail } from './demo-page.ts'
import { fillForm, idle, textOf, waitForText } from './page.ts'

export const COOKIE = '__Host-edge-auth-refresh'
const EMAIL = uniqueEmail('ada')

/** Register, log out, a wrong password, log in, the cookie, a reload, a refresh, log out. */
export async function signInFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
): Promise<void> {
  const page = await context.newPage()
  const csp = collectCspViolations(page)
  const res = await page.goto(`${workerUrl}/`)
  const policy = res?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("default-src 'none'; script-src 'self'; style-src 'self';")
  expect(policy).toContain("frame-ancestors 'none'")
  expect(res?.headers()['x-content-type-options']).toBe('nosniff')
  await waitForText(page, 'status', 'Signed out')
  await registerThenLogIn(page)
  await checkTokenAndCookie(page, context, workerUrl)
  await screenshot(page, 'demo-signed-in', screenshots)

  await page.reload()
  await waitForText(page, 'log', 'Session restored from the refresh cookie')
  await waitForText(page, 'status', `Signed in as ${EMAIL}`)
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

async function registerThenLogIn(page: Page): Promise<void> {
  await fillForm(page, { email: EMAIL, password: PASSWORD, name: 'Ada Lovelace' })
  await page.getByTestId('register').click()
  await waitForText(page, 'status', `Signed in as ${EMAIL}`)
  await waitForText(page, 'user-name', 'Ada Lovelace')
  await page.getByTestId('logout').click()
  await waitForText(page, 'status', 'Signed out')

  await fillForm(page, { email: EMAIL, password: 'not the password' })
  await page.getByTestId('login').click()
  await waitForText(page, 'error', 'Invalid credentials (invalid_credentials, HTTP 401)')
  await fillForm(page, { password: PASSWORD })
  await page.getByTestId('login').click()
  await waitForText(page, 'status', `Signed in as ${EMAIL}`)
  await waitForText(page, 'user-name', 'Ada Lovelace')
  expect(await page.getByTestId('error').isHidden()).toBe(true)
}

/** The claims decoded in the page, and the cookie as the browser stored it (not visible to JS). */
async function checkTokenAndCookie(page: Page, context: BrowserContext, workerUrl: string) {
  const header = JSON.parse(await textOf(page, 'token-header'))
  const payload = JSON.parse(await textOf(page, 'token-payload'))
  expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' })
  expect(payload).toMatchObject({ email: EMAIL, sub: await textOf(page, 'user-id'), role: 'user' })
  const cookie = (await context.cookies(`${workerUrl}/auth/refresh`)).find((c) => c.name === COOKIE)
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
 * Failed logins lock the email (README, lockout): the page shows the 429 and its Retry-After.
 * The stack's per-IP limit is out of reach (stack.ts), so the 429 is the account's: its
 * Retry-After is what is left of LOGIN_LOCKOUT_BASE (30 s) since the fifth failure, 30 when the
 * sixth attempt follows within a second (a few seconds less on a machine busy enough to slow
 * it); the per-IP limit would say IP_RATE_LIMIT_PERIOD (60).
 */
export async function lockoutFlow(workerUrl: string, context: BrowserContext): Promise<void> {
  const page = await context.newPage()
  await page.goto(`${workerUrl}/`)
  await waitForText(page, 'status', 'Signed out')
  await fillForm(page, { email: uniqueEmail('locked'), password: 'wrong password' })
  const refused = page.waitForResponse(
    (res) => res.url().endsWith('/auth/login') && res.status() === 429,
  )
  refused.catch(() => {}) // awaited below; a failure before then closes the page
  let error = ''
  for (let attempt = 0; attempt < 8 && !error.includes('HTTP 429'); attempt++) {
    await page.getByTestId('login').click()
    await idle(page)
    error = await textOf(page, 'error')
  }
  const retryAfter = Number((await refused).headers()['retry-after'])
  expect(retryAfter).toBeGreaterThanOrEqual(25)
  expect(retryAfter).toBeLessThanOrEqual(30)
  expect(error).toBe(
    `Too many attempts; try again later (rate_limited, HTTP 429). Try again in ${retryAfter} seconds.`,
  )
  // The sixth attempt is the first refused: the fifth failure set the lock (LOGIN_MAX_FAILURES).
  expect(await page.getByTestId('log').locator('li', { hasText: 'Log in failed' }).count()).toBe(6)
  await page.close()
}
