/**
 * Passkeys from the demo with Chromium's virtual authenticator (DevTools protocol, WebAuthn
 * domain): a platform authenticator with resident keys and user verification, so
 * navigator.credentials.create/get answer at once, as Touch ID or Windows Hello would after the
 * user's touch. The page is on http://localhost (stack.ts): WebAuthn refuses IP addresses.
 */
import type { BrowserContext, CDPSession } from 'playwright-core'
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
import { fillForm, waitForText } from './page.ts'

/** Adds a platform authenticator to the page's browser (WebAuthn.enable first); its id. */
export async function virtualAuthenticator(cdp: CDPSession): Promise<string> {
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return authenticatorId
}

/** Add (after the password), rename, sign in with, remove a passkey; a removed one no longer signs in. */
export async function passkeyFlow(
  workerUrl: string,
  context: BrowserContext,
  screenshots: string[],
) {
  const email = uniqueEmail('passkey')
  const demo = await openDemo(context, workerUrl)
  const { page } = demo
  const cdp = await context.newCDPSession(page)
  const authenticatorId = await virtualAuthenticator(cdp)
  await register(page, email)

  await fillForm(page, { 'passkey-name': 'Laptop' })
  await page.getByTestId('passkey-add').click()
  // A passkey signs in without the password, so adding one asks for it first.
  await answerPrompt(page, { password: PASSWORD })
  await waitForText(page, 'log', 'Passkey Laptop added')
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
  expect(credentials).toHaveLength(1)
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' })
  await waitForText(page, 'user-factors', 'passkey')

  const item = page.locator('#passkeys li')
  await item.getByRole('textbox', { name: 'Passkey name' }).fill('Work laptop')
  await item.getByRole('button', { name: 'Rename' }).click()
  await waitForText(page, 'log', 'Passkey renamed to Work laptop')
  expect(await item.getByRole('textbox').inputValue()).toBe('Work laptop')
  await screenshot(page, 'passkeys', screenshots)
  // The README's picture of the signed-in page (E2E_DOCS_SCREENSHOT=1): every card, one passkey.
  if (process.env.E2E_DOCS_SCREENSHOT === '1')
    await page.screenshot({ path: 'docs/demo.png', fullPage: true })

  await logOut(page)
  await page.getByTestId('passkey-login').click()
  await waitForText(page, 'status', `Signed in as ${email}`)
  await waitForText(page, 'log', 'Signed in with a passkey')
  const signCount = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials
  expect(signCount[0]?.signCount).toBeGreaterThan(0)

  await item.getByRole('button', { name: 'Remove' }).click()
  await answerPrompt(page, { password: PASSWORD })
  await waitForText(page, 'log', 'Passkey Work laptop removed')
  expect(await page.getByTestId('no-passkeys').isVisible()).toBe(true)
  await expectClean(demo)

  // The authenticator still holds the key, but the service no longer knows it.
  await logOut(page)
  await page.getByTestId('passkey-login').click()
  await waitForText(page, 'error', 'invalid_credentials')
  await cdp.detach()
  await page.close()
}
