/**
 * The demo page and cross-origin calls in a real browser (Chromium) against `wrangler dev` in
 * cookie mode: what the workerd tests cannot see (the browser's cookie jar, CORS enforcement,
 * the pages' CSP). Run by the vitest project `e2e` (test/e2e/project.ts).
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import { type Browser, chromiumMissing, launchBrowser, recordRun } from './browser.ts'
import { crossOriginFlow, docsFlow } from './cross-origin-flows.ts'
import { lockoutFlow, signInFlow } from './demo-flows.ts'
import { type Stack, startStack } from './stack.ts'

let stack: Stack | undefined
let browser: Browser | undefined
let failed = false
const screenshots: string[] = []

beforeAll(async () => {
  rmSync('test-results/e2e.json', { force: true })
  const missing = chromiumMissing()
  // Only reached without Chromium when REQUIRE_E2E=1 (project.ts): that must fail, loudly.
  if (missing) throw new Error(`the browser test is required (REQUIRE_E2E=1), but ${missing}`)
  stack = await startStack()
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  // Only a run where everything passed counts for CI (test-results/e2e.json).
  if (!failed && stack && browser) recordRun(screenshots)
}, 60_000)

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    failed = true
  })
})

function started(): { stack: Stack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start')
  return { stack, browser }
}

describe('in Chromium, against wrangler dev in cookie mode', () => {
  it('the demo registers, logs in, stays signed in across a reload (cookie), logs out', async () => {
    const { stack, browser } = started()
    await signInFlow(stack.workerUrl, browser.context, screenshots)
  })

  it('the demo shows a locked account as 429 with its Retry-After', async () => {
    const { stack, browser } = started()
    await lockoutFlow(stack.workerUrl, browser.context)
  })

  it('CORS: the allowlisted origin gets a credentialed grant, another origin is blocked', async () => {
    const { stack, browser } = started()
    await crossOriginFlow(stack, browser.context)
  })

  it('the API docs (Swagger UI) work under their CSP', async () => {
    const { stack, browser } = started()
    await docsFlow(stack.workerUrl, browser.context, screenshots)
  })
})
