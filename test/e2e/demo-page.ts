/** The demo page as a user sees it: open it, register, log in, log out (each test its own user). */
import { randomUUID } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { collectCspViolations } from './browser.ts'
import { fillForm, waitForText } from './page.ts'

export const PASSWORD = 'correct horse battery staple'

/** A fresh address per test, so no test depends on another's user. */
export const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@example.com`

export interface DemoPage {
  page: Page
  /** CSP violations reported so far: the test ends expecting none. */
  csp: string[]
}

/** Opens `url` (the demo, or a mailed link to it) in a new page of `context`. */
export async function openDemo(context: BrowserContext, url: string): Promise<DemoPage> {
  const page = await context.newPage()
  const csp = collectCspViolations(page)
  await page.goto(url)
  return { page, csp }
}

/** Registers on the signed-out page; signed in, the address not yet verified. */
export async function register(page: Page, email: string, password = PASSWORD): Promise<void> {
  await waitForText(page, 'status', 'Signed out')
  await fillForm(page, { email, password })
  await page.getByTestId('register').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'user-verified', 'not yet')
}

/** Logs in with the password (no second factor). */
export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await fillForm(page, { email, password })
  await page.getByTestId('login').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
}

/** Logs out of this session. */
export async function logOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click()
  await waitForText(page, 'status', 'Signed out')
}

/** Answers the demo's password prompt (<dialog>), with a code when one is asked. */
export async function answerPrompt(page: Page, fields: { password?: string; code?: string }) {
  await page.getByTestId('prompt').waitFor({ state: 'visible' })
  if (fields.password !== undefined) await page.getByTestId('prompt-password').fill(fields.password)
  if (fields.code !== undefined) await page.getByTestId('prompt-code').fill(fields.code)
  await page.getByTestId('prompt-confirm').click()
}

/** No error on the page, and no CSP violation. */
export async function expectClean({ page, csp }: DemoPage): Promise<void> {
  expect(await page.getByTestId('error').isHidden()).toBe(true)
  expect(csp).toEqual([])
}
