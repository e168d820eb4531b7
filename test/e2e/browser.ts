/** Chromium for the browser test (Debian's /usr/bin/chromium), and what the test leaves for CI. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page, selectors } from 'playwright-core'

/** Where Chromium is looked for; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOTS = 'test-results/screenshots'
export const VIEWPORT = { width: 1000, height: 700 }

/** Nothing reaches out of the machine: no updates, sync, field trials or QUIC. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
]

export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined
  return `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`
}

export interface Browser {
  /**
   * A new, empty profile: its own cookies, as a separate device would have. `userAgent` names
   * the device in the demo's device list.
   */
  newContext(options?: { userAgent?: string }): Promise<BrowserContext>
  close(): Promise<void>
}

/** Headless Chromium; each context is a fresh in-memory profile, gone on close. */
export async function launchBrowser(): Promise<Browser> {
  // The demo's elements are found by their id (getByTestId), so index.html needs no test-only markup.
  selectors.setTestIdAttribute('id')
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  })
  return {
    newContext: (options = {}) => browser.newContext({ viewport: VIEWPORT, ...options }),
    close: () => browser.close(),
  }
}

/** Runs `flow` in a new context (a fresh profile), closed afterwards whatever happens. */
export async function inContext<T>(
  browser: Browser,
  flow: (context: BrowserContext) => Promise<T>,
  options: { userAgent?: string } = {},
): Promise<T> {
  const context = await browser.newContext(options)
  try {
    return await flow(context)
  } finally {
    await context.close()
  }
}

/** Saves a screenshot into test-results/screenshots (CI keeps them as artifacts). */
export async function screenshot(page: Page, name: string, screenshots: string[]): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path })
  screenshots.push(path)
}

/** CI checks this file to know the browser test really ran (scripts/ci-verify.ts may read it). */
export function recordRun(screenshots: string[]): void {
  mkdirSync('test-results', { recursive: true })
  writeFileSync('test-results/e2e.json', `${JSON.stringify({ ran: true, screenshots }, null, 2)}\n`)
}

/** Messages Chromium prints when a Content-Security-Policy blocks something. */
export function collectCspViolations(page: Page): string[] {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  return violations
}
