/**
 * Devices, end to end in two browser contexts (two devices, each its own cookie jar): the list
 * shows both, ending the other signs it out at once, "sign out everywhere else" too; then the
 * user downloads their data, deletes the account from the demo, and the address can register
 * again.
 */
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { type Browser, screenshot } from './browser.ts'
import {
  answerPrompt,
  expectClean,
  logIn,
  openDemo,
  PASSWORD,
  register,
  uniqueEmail,
} from './demo-page.ts'
import { waitForText } from './page.ts'

const LAPTOP =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const PHONE =
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36'

/** The device list as the page shows it, one line per session. */
async function deviceLines(page: Page): Promise<string[]> {
  await page.getByTestId('load-devices').click()
  await page.locator('body:not([data-busy])').waitFor({ state: 'attached' })
  return page.locator('#sessions li').allInnerTexts()
}

/** The other device notices on its next call: its access token and its refresh token are dead. */
async function expectSignedOut(phone: Page): Promise<void> {
  await phone.getByTestId('me').click()
  await waitForText(phone, 'status', 'Signed out')
  await waitForText(phone, 'error', 'invalid_token')
}

/** Laptop and phone: see the module's description. */
export async function devicesFlow(workerUrl: string, browser: Browser, screenshots: string[]) {
  const email = uniqueEmail('devices')
  const laptopContext = await browser.newContext({ userAgent: LAPTOP })
  const phoneContext = await browser.newContext({ userAgent: PHONE })
  try {
    const laptop = await openDemo(laptopContext, workerUrl)
    await register(laptop.page, email)
    const phone = await openDemo(phoneContext, workerUrl)
    await waitForText(phone.page, 'status', 'Signed out')
    await logIn(phone.page, email)

    const lines = await deviceLines(laptop.page)
    expect(lines).toHaveLength(2)
    expect(lines.find((line) => line.includes('this device'))).toContain('Chrome on Linux')
    const other = lines.find((line) => !line.includes('this device'))
    expect(other).toContain('Chrome on Android')
    expect(other).toMatch(/last used just now/)
    await screenshot(laptop.page, 'devices', screenshots)

    // End the phone's session from the laptop.
    const phoneItem = laptop.page.locator('#sessions li', { hasText: 'Chrome on Android' })
    await phoneItem.getByRole('button', { name: 'Sign out' }).click()
    await waitForText(laptop.page, 'log', 'Ended the session of Chrome on Android')
    expect(await laptop.page.locator('#sessions li').count()).toBe(1)
    await expectSignedOut(phone.page)

    // Back in on the phone; then "sign out everywhere else" from the laptop.
    await logIn(phone.page, email)
    expect(await deviceLines(laptop.page)).toHaveLength(2)
    await laptop.page.getByTestId('logout-others').click()
    await waitForText(laptop.page, 'log', 'Signed out every other session')
    await expectSignedOut(phone.page)
    await laptop.page.getByTestId('refresh').click()
    await waitForText(laptop.page, 'log', 'Refreshed')
    await expectClean(laptop)

    await downloadData(laptop.page, email)
    await deleteAccount(laptop.page, email)
  } finally {
    await laptopContext.close()
    await phoneContext.close()
  }
}

/** "Download my data": a JSON file of the profile, the sessions, the factors; no secrets. */
async function downloadData(page: Page, email: string): Promise<void> {
  const download = page.waitForEvent('download')
  await page.getByTestId('export').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('edge-auth-account.json')
  const data = JSON.parse(await readFile(await file.path(), 'utf8'))
  expect(data.profile).toMatchObject({ email })
  expect(data.sessions.length).toBeGreaterThanOrEqual(1)
  expect(JSON.stringify(data)).not.toMatch(/pbkdf2|password_hash|token_hash/i)
}

/** "Delete my account" behind the password prompt; then the address is free again. */
async function deleteAccount(page: Page, email: string): Promise<void> {
  await page.getByTestId('delete-account').click()
  await answerPrompt(page, { password: 'not the password' })
  await waitForText(page, 'error', 'Current password is incorrect (invalid_credentials, HTTP 401)')
  await waitForText(page, 'status', `Signed in as ${email}`)
  await page.getByTestId('delete-account').click()
  await answerPrompt(page, { password: PASSWORD })
  await waitForText(page, 'notice', 'Your account was deleted')
  await waitForText(page, 'status', 'Signed out')
  await logInFails(page, email)
  await register(page, email)
}

async function logInFails(page: Page, email: string): Promise<void> {
  await page.getByTestId('email').fill(email)
  await page.getByTestId('password').fill(PASSWORD)
  await page.getByTestId('login').click()
  await waitForText(page, 'error', 'Invalid credentials (invalid_credentials, HTTP 401)')
}
