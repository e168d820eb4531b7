/**
 * The mailed links, end to end: the demo asks, the Worker's queue consumer sends through the
 * Email Service binding, `wrangler dev` captures the mail (scripts/lib/captured-mail.ts), and the
 * test opens the link in the browser as the recipient would.
 */
import type { BrowserContext } from 'playwright-core'
import { expect } from 'vitest'
import { waitForMail } from '../../scripts/lib/captured-mail.ts'
import { screenshot } from './browser.ts'
import {
  answerPrompt,
  expectClean,
  logIn,
  logOut,
  openDemo,
  PASSWORD,
  register,
  uniqueEmail,
} from './demo-page.ts'
import { fillForm, idle, waitForText } from './page.ts'

const NEW_PASSWORD = 'a brand new passphrase'
const MAIL_WAIT_MS = 20_000

/** The link of a captured mail: APP_URL + path + `#token=`. */
function linkOf(mail: { links: string[] }, workerUrl: string, path: string): string {
  const link = mail.links.find((url) => url.startsWith(`${workerUrl}${path}#token=`))
  if (!link) throw new Error(`no ${path} link in the mail: ${mail.links.join(' ')}`)
  return link
}

/** Forgot password: the mail's link sets a new password and signs in; the old one is dead. */
export async function forgotPasswordFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
): Promise<void> {
  const email = uniqueEmail('forgot')
  const demo = await openDemo(context, workerUrl)
  const { page } = demo
  await register(page, email)
  await logOut(page)
  await page.getByTestId('show-forgot').click()
  await fillForm(page, { 'forgot-email': email })
  await page.getByTestId('forgot-send').click()
  await waitForText(page, 'forgot-sent', `If ${email} has an account`)
  const mail = await waitForMail(workerUrl, { to: email, subject: /^Reset your/ }, MAIL_WAIT_MS)

  const link = await openDemo(context, linkOf(mail, workerUrl, '/reset-password'))
  await link.page.getByTestId('reset-password').waitFor({ state: 'visible' })
  expect(new URL(link.page.url()).hash).toBe('') // the token left the address bar
  await screenshot(link.page, 'reset-password', screenshots)
  await fillForm(link.page, { 'reset-password': NEW_PASSWORD })
  await link.page.getByTestId('reset-submit').click()
  await waitForText(link.page, 'status', `Signed in as ${email}`)
  await waitForText(link.page, 'notice', 'Your new password is set')
  expect(new URL(link.page.url()).pathname).toBe('/')
  await expectClean(link)

  await logOut(link.page)
  await fillForm(link.page, { email, password: PASSWORD })
  await link.page.getByTestId('login').click()
  await waitForText(link.page, 'error', 'Invalid credentials (invalid_credentials, HTTP 401)')
  await logIn(link.page, email, NEW_PASSWORD)
  await page.close()
  await link.page.close()
}

/** Verification: the banner, "resend" (a newer link replaces the older), the link verifies. */
export async function verificationFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
): Promise<void> {
  const email = uniqueEmail('verify')
  const demo = await openDemo(context, workerUrl)
  const { page } = demo
  await register(page, email)
  await waitForText(page, 'verify-banner', `Confirm ${email}`)
  const subject = /^Confirm your email/
  const first = await waitForMail(workerUrl, { to: email, subject }, MAIL_WAIT_MS)
  await screenshot(page, 'unverified-banner', screenshots)
  await page.getByTestId('resend-verification').click()
  await waitForText(page, 'notice', `A new link is on its way to ${email}`)
  const since = Date.parse(first.sentAt) + 1
  const second = await waitForMail(workerUrl, { to: email, subject, since }, MAIL_WAIT_MS)

  const stale = await openDemo(context, linkOf(first, workerUrl, '/verify-email'))
  await stale.page.getByTestId('verify-submit').click()
  await waitForText(stale.page, 'verify-status', 'This link did not work')
  await waitForText(stale.page, 'error', 'invalid_link')
  await stale.page.close()

  // Opening the link uses nothing (a mail scanner running the page's script): only the click.
  const link = await openDemo(context, linkOf(second, workerUrl, '/verify-email'))
  const verify = link.page.getByTestId('verify-submit')
  await waitForText(link.page, 'verify-submit', 'Verify my address')
  expect(new URL(link.page.url()).hash).toBe('') // the token left the address bar
  await screenshot(link.page, 'verify-email', screenshots)
  await idle(link.page)
  await page.getByTestId('me').click()
  await idle(page)
  expect(await page.getByTestId('user-verified').textContent()).toBe('not yet')
  await verify.click()
  await waitForText(link.page, 'notice', `Your email address ${email} is verified.`)
  await waitForText(link.page, 'status', `Signed in as ${email}`)
  await waitForText(link.page, 'user-verified', 'yes')
  expect(await link.page.getByTestId('verify-banner').isHidden()).toBe(true)
  await screenshot(link.page, 'email-verified', screenshots)
  await expectClean(link)
  await page.getByTestId('me').click()
  await waitForText(page, 'user-verified', 'yes')
  await page.close()
  await link.page.close()
}

/** Email change: the password prompt, the link mailed to the new address switches the sign-in. */
export async function emailChangeFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
): Promise<void> {
  const email = uniqueEmail('old')
  const newEmail = uniqueEmail('new')
  const demo = await openDemo(context, workerUrl)
  const { page } = demo
  await register(page, email)
  await fillForm(page, { 'new-email': newEmail })
  await page.getByTestId('email-change').click()
  await answerPrompt(page, { password: PASSWORD })
  await waitForText(page, 'notice', `We sent a link to ${newEmail}`)
  const subject = /^Confirm the new email/
  const mail = await waitForMail(workerUrl, { to: newEmail, subject }, MAIL_WAIT_MS)
  const notice = /^The email address of your .* is changing$/
  await waitForMail(workerUrl, { to: email, subject: notice }, MAIL_WAIT_MS)

  const link = await openDemo(context, linkOf(mail, workerUrl, '/confirm-email'))
  await waitForText(link.page, 'verify-submit', 'Confirm the new address')
  // Opening the link changed nothing: the old session (which the change would end) still works.
  await idle(link.page)
  await page.getByTestId('me').click()
  await idle(page)
  expect(await page.getByTestId('error').isHidden()).toBe(true)
  await screenshot(link.page, 'confirm-email', screenshots)
  await link.page.getByTestId('verify-submit').click()
  await waitForText(link.page, 'notice', `Your sign-in email is now ${newEmail}.`)
  await waitForText(link.page, 'status', `Signed in as ${newEmail}`)
  await screenshot(link.page, 'email-changed', screenshots)
  await expectClean(link)
  await logOut(link.page)
  await logIn(link.page, newEmail)
  await page.close()
  await link.page.close()
}
