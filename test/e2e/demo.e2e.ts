/**
 * The demo page and cross-origin calls in a real browser (Chromium) against `wrangler dev` in
 * cookie mode: what the workerd tests cannot see (the browser's cookie jar, CORS enforcement,
 * the pages' CSP, wrangler.toml's own rate limit). Run by the vitest project `e2e`
 * (test/e2e/project.ts). Without Chromium its tests are reported as skipped, unless
 * REQUIRE_E2E=1 (CI), which makes a missing browser a failure. Each test signs up its own users.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import { type Browser, chromiumMissing, launchBrowser, recordRun } from './browser.ts'
import { crossOriginFlow, docsFlow } from './cross-origin-flows.ts'
import { lockoutFlow, signInFlow } from './demo-flows.ts'
import { ipLimitFlow, logsFlow } from './service-flows.ts'
import { type Stack, startStack } from './stack.ts'

const missing = chromiumMissing()
const required = process.env.REQUIRE_E2E === '1'

describe.skipIf(missing !== undefined && !required)(
  'in Chromium, against wrangler dev in cookie mode',
  () => {
    let stack: Stack | undefined
    let browser: Browser | undefined
    let failed = false
    const screenshots: string[] = []

    beforeAll(async () => {
      rmSync('test-results/e2e.json', { force: true })
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

    it('the demo registers, logs in, stays signed in across a reload (cookie), logs out', async () => {
      const { stack, browser } = started()
      await signInFlow(stack.workerUrl, browser.context, screenshots)
    })

    it('the demo shows a locked account as 429 with its Retry-After, not the IP limit', async () => {
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

    it("wrangler.toml's per-IP limit: 20 requests per 60 s, then 429 with Retry-After: 60", async () => {
      await ipLimitFlow(started().stack.workerUrl)
    })

    it('wrangler dev and the local database logged no secret of this run', () => {
      const { stack } = started()
      logsFlow(stack.logFiles, stack.secrets)
    })
  },
)
