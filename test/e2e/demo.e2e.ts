/**
 * The demo page and the client in a real browser (Chromium) against `wrangler dev` in cookie
 * mode, with its Email Service and Queue simulation: what the workerd tests cannot see (the
 * browser's cookie jar, CORS enforcement, the pages' CSP, WebAuthn, Web Locks, mailed links
 * opened as a recipient would). Each test has its own user and its own browser context. Run by
 * the vitest project `e2e` (test/e2e/project.ts). Without Chromium its tests are reported as
 * skipped, unless REQUIRE_E2E=1 (CI), which makes a missing browser a failure.
 */
import { rmSync } from 'node:fs'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import { type Browser, chromiumMissing, inContext, launchBrowser, recordRun } from './browser.ts'
import { crossOriginClientFlow, crossOriginFlow, docsFlow } from './cross-origin-flows.ts'
import { lockoutFlow, signInFlow } from './demo-flows.ts'
import { devicesFlow } from './device-flows.ts'
import { webLocksFlow } from './lock-flows.ts'
import { emailChangeFlow, forgotPasswordFlow, verificationFlow } from './mail-flows.ts'
import { passkeyFlow } from './passkey-flows.ts'
import { logsFlow } from './service-flows.ts'
import { type Stack, startStack } from './stack.ts'
import { totpFlow } from './totp-flows.ts'

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

    /** The stack's worker URL and a new browser context for one test. */
    function inBrowser(flow: (workerUrl: string, context: BrowserContext) => Promise<void>) {
      return async () => {
        if (!stack || !browser) throw new Error('the stack or the browser did not start')
        const { workerUrl } = stack
        await inContext(browser, (context) => flow(workerUrl, context))
      }
    }

    function started(): { stack: Stack; browser: Browser } {
      if (!stack || !browser) throw new Error('the stack or the browser did not start')
      return { stack, browser }
    }

    it(
      'the demo registers, logs in, stays signed in across a reload (cookie), logs out',
      inBrowser((url, context) => signInFlow(url, context, screenshots)),
    )
    it('the demo shows a locked account as 429 with its Retry-After', inBrowser(lockoutFlow))
    it(
      'forgot password: the mailed link sets a new password and signs in; the old one is dead',
      inBrowser((url, context) => forgotPasswordFlow(url, context, screenshots)),
    )
    it(
      'verification: the banner, resend, the mailed link verifies the address',
      inBrowser((url, context) => verificationFlow(url, context, screenshots)),
    )
    it(
      'email change: the link mailed to the new address switches the sign-in email',
      inBrowser((url, context) => emailChangeFlow(url, context, screenshots)),
    )
    it('two devices: list, end one, sign out everywhere else; delete the account', async () => {
      const { stack, browser } = started()
      await devicesFlow(stack.workerUrl, browser, screenshots)
    })
    it(
      'TOTP: enrol with the QR key; second step by code, recovery code, passkey; turn off',
      inBrowser((url, context) => totpFlow(url, context, screenshots)),
    )
    it(
      'passkeys (virtual authenticator): add, rename, sign in with it, remove',
      inBrowser((url, context) => passkeyFlow(url, context, screenshots)),
    )
    it(
      'Web Locks: two tabs refresh at the same moment, both succeed, the session lives',
      inBrowser(webLocksFlow),
    )
    it('CORS: the allowlisted origin gets a credentialed grant, another origin is blocked', async () => {
      const { stack, browser } = started()
      await inContext(browser, (context) => crossOriginFlow(stack, context))
    })
    it('cookie mode across origins of one site: the client logs in, reloads, refresh() restores', async () => {
      const { stack, browser } = started()
      await inContext(browser, (context) => crossOriginClientFlow(stack, context))
    })
    it(
      'the API docs (Swagger UI) work under their CSP',
      inBrowser((url, context) => docsFlow(url, context, screenshots)),
    )
    it('neither wrangler dev nor the local database logged a secret, a password or a token', () => {
      const { stack } = started()
      logsFlow(stack.logFiles, stack.secrets)
    })
  },
)
