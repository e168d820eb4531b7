/**
 * Two tabs, one session: two pages of one context (one cookie jar) refresh at the same moment.
 * The stack rotates refresh tokens with REFRESH_REUSE_INTERVAL=0, so if both tabs sent the same
 * cookie, the second would present a just-rotated token, which revokes the session. The client
 * takes a Web Lock around each refresh (src/client/authed-fetch.ts): the second tab waits and
 * sends the rotated cookie.
 *
 * To make the race certain rather than likely, every refresh request is held back until a
 * second one arrives (or 1.5 s pass): without the lock both are in flight together with the same
 * cookie; with it, the second is only sent once the first has been answered. Checked by hand:
 * with acrossTabs() reduced to `run()` this test fails (one tab ends signed out, 401
 * invalid_token, and both requests carry the same cookie).
 */
import type { BrowserContext, Page, Route } from 'playwright-core'
import { expect } from 'vitest'
import { COOKIE } from './demo-flows.ts'
import { expectClean, openDemo, register, uniqueEmail } from './demo-page.ts'
import { idle, textOf, waitForText } from './page.ts'

const HOLD_MS = 1_500

/** The refresh cookie a request carried. */
const cookieOf = (header: string | undefined) =>
  header?.split(/;\s*/).find((pair) => pair.startsWith(`${COOKIE}=`)) ?? 'none'

/** How many refreshes this tab's activity log shows as done. */
const refreshes = (page: Page) => page.locator('#log li', { hasText: 'Refreshed:' }).count()

/** Two tabs, one refresh at a time: see the module's description. */
export async function webLocksFlow(workerUrl: string, context: BrowserContext): Promise<void> {
  const email = uniqueEmail('tabs')
  const first = await openDemo(context, workerUrl)
  await register(first.page, email)
  const second = await openDemo(context, workerUrl)
  await waitForText(second.page, 'log', 'Session restored from the refresh cookie')

  const sent: string[] = []
  let release = () => {}
  const both = new Promise<void>((resolve) => {
    release = resolve
  })
  await context.route('**/auth/refresh', async (route: Route) => {
    sent.push(cookieOf((await route.request().allHeaders()).cookie))
    if (sent.length === 2) release()
    await Promise.race([both, new Promise((resolve) => setTimeout(resolve, HOLD_MS))])
    await route.continue()
  })
  try {
    await Promise.all([
      first.page.getByTestId('refresh').click(),
      second.page.getByTestId('refresh').click(),
    ])
    await idle(first.page)
    await idle(second.page)
  } finally {
    await context.unroute('**/auth/refresh')
  }
  for (const tab of [first, second]) {
    expect(await textOf(tab.page, 'status')).toBe(`Signed in as ${email}`)
    expect(await refreshes(tab.page)).toBe(1)
    await expectClean(tab)
  }
  expect(sent).toHaveLength(2)
  expect(sent[0]).not.toBe(sent[1]) // the second tab sent the rotated cookie
  // The session lives: both tabs go on refreshing (one after the other).
  await first.page.getByTestId('refresh').click()
  await idle(first.page)
  expect(await refreshes(first.page)).toBe(2)
  await second.page.getByTestId('me').click()
  await waitForText(second.page, 'log', 'Profile loaded')
  await first.page.close()
  await second.page.close()
}
