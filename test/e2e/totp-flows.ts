/**
 * TOTP from the demo, as a person with an authenticator app: turn it on (the QR code and the key
 * on the page, a code computed from the page's key with src/auth/totp/), keep the recovery codes,
 * sign in with a code, with a recovery code and with a passkey as the second step (added with
 * the password and another recovery code), turn it off.
 *
 * The server takes each 30-second step once (RFC 6238 §5.2) and, for clock drift, the steps
 * either side of now. So after enrolling with this step's code the test signs in with the next
 * step's code, as an app running a little fast would show it: no waiting. Turning TOTP off needs
 * a third step, the one after the next: that waits, bounded, for the next step to begin.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { screenshot } from './browser.ts'
import {
  answerPrompt,
  expectClean,
  logOut,
  openDemo,
  PASSWORD,
  register,
  uniqueEmail,
} from './demo-page.ts'
import { fillForm, textOf, waitForText } from './page.ts'
import { virtualAuthenticator } from './passkey-flows.ts'
import { codeFor, stepAt } from './totp.ts'

const STEP_MS = 30_000

/** Password accepted: the demo shows the second step (403 mfa_required). */
async function passwordStep(page: Page, email: string): Promise<void> {
  await fillForm(page, { email, password: PASSWORD })
  await page.getByTestId('login').click()
  await page.getByTestId('mfa-code').waitFor({ state: 'visible' })
}

/** Enrol, the three second steps, turn off: see the module's description. */
export async function totpFlow(workerUrl: string, context: BrowserContext, screenshots: string[]) {
  const email = uniqueEmail('totp')
  const demo = await openDemo(context, workerUrl)
  const { page } = demo
  await register(page, email)

  await page.getByTestId('totp-start').click()
  await answerPrompt(page, { password: PASSWORD })
  await page.locator('#totp-qr svg path').waitFor({ state: 'attached' })
  const secret = await textOf(page, 'totp-secret')
  expect(secret.replaceAll(' ', '')).toMatch(/^[A-Z2-7]{32}$/)
  await screenshot(page, 'totp-setup', screenshots)
  const enrolled = stepAt(Date.now())
  await fillForm(page, { 'totp-code': await codeFor(secret, enrolled) })
  await page.getByTestId('totp-confirm').click()
  await page.getByTestId('recovery-card').waitFor({ state: 'visible' })
  const recoveryCodes = await page.locator('#recovery-codes li').allInnerTexts()
  expect(recoveryCodes).toHaveLength(10)
  await screenshot(page, 'totp-recovery-codes', screenshots)
  await page.getByTestId('recovery-done').click()
  await waitForText(page, 'user-factors', 'totp')

  await logOut(page)
  await passwordStep(page, email)
  await screenshot(page, 'login-second-step', screenshots)
  await fillForm(page, { 'mfa-code': await codeFor(secret, enrolled + 1) })
  await page.getByTestId('mfa-submit').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'log', 'with a code')

  await logOut(page)
  await passwordStep(page, email)
  await fillForm(page, { 'mfa-recovery': recoveryCodes[0] ?? '' })
  await page.getByTestId('mfa-recovery-submit').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'log', 'with a recovery code')

  await passkeyAsSecondStep(page, email, recoveryCodes[1] ?? '')
  await turnOff(page, secret, enrolled + 2)
  await expectClean(demo)
  await page.close()
}

/**
 * With TOTP on, adding a passkey takes the password and a code (here a recovery code, so no
 * TOTP step is spent); then the passkey (Chromium's virtual authenticator) passes the second
 * step too.
 */
async function passkeyAsSecondStep(page: Page, email: string, recoveryCode: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await virtualAuthenticator(cdp)
  await fillForm(page, { 'passkey-name': 'Phone' })
  await page.getByTestId('passkey-add').click()
  await answerPrompt(page, { password: PASSWORD, code: recoveryCode })
  await waitForText(page, 'log', 'Passkey Phone added')
  await logOut(page)
  await passwordStep(page, email)
  await page.getByTestId('mfa-passkey').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'log', 'with a passkey')
  await cdp.detach()
}

/** Waits (at most one step) until `step` is inside the server's window, then turns TOTP off. */
async function turnOff(page: Page, secret: string, step: number): Promise<void> {
  const wait = (step - 1) * STEP_MS - Date.now()
  expect(wait).toBeLessThanOrEqual(STEP_MS)
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50))
  await page.getByTestId('totp-disable').click()
  await answerPrompt(page, { password: PASSWORD, code: await codeFor(secret, step) })
  await waitForText(page, 'totp-status', 'Off.')
  expect(await textOf(page, 'user-factors')).toBe('passkey') // the passkey stays
}
