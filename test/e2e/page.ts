/** Small waits on the demo page and the cross-origin front end, each bounded in time. */
import type { Page } from 'playwright-core'

const WAIT_MS = 20_000

/** Waits until the element with this id (getByTestId: browser.ts) contains the text. */
export async function waitForText(page: Page, testId: string, text: string): Promise<void> {
  await page
    .getByTestId(testId)
    .filter({ hasText: text })
    .waitFor({ state: 'attached', timeout: WAIT_MS })
}

/** Waits until the demo's current request is done (main.ts sets `data-busy` while one runs). */
export async function idle(page: Page): Promise<void> {
  // A locator, not waitForFunction with a string: the page's CSP forbids eval, rightly.
  await page.locator('body:not([data-busy])').waitFor({ state: 'attached', timeout: WAIT_MS })
}

export async function fillForm(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(fields)) await page.getByTestId(testId).fill(value)
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? ''
}

export interface CallResult {
  ok: boolean
  status?: number
  body?: string
  name?: string
  message?: string
}

/** What the page's fetch is given; plain data, since it crosses into the page. */
export interface CallInit {
  method: string
  credentials?: 'include' | 'omit' | 'same-origin'
  headers?: Record<string, string>
  body?: string
}

type CallWorker = (url: string, init: CallInit) => Promise<CallResult>

/** Runs `fetch(url, init)` inside the page (the front end's window.callWorker, stack.ts). */
export function callWorker(page: Page, url: string, init: CallInit): Promise<CallResult> {
  return page.evaluate(
    ([target, options]) =>
      (globalThis as unknown as { callWorker: CallWorker }).callWorker(target, options),
    [url, init] as const,
  )
}
