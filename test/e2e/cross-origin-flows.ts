/** CORS in a real browser, and the API docs page under its CSP (demo.e2e.ts runs them). */
import type { BrowserContext } from 'playwright-core'
import { expect } from 'vitest'
import { collectCspViolations, screenshot } from './browser.ts'
import { COOKIE } from './demo-flows.ts'
import { PASSWORD, uniqueEmail } from './demo-page.ts'
import { callWorker } from './page.ts'
import type { Stack } from './stack.ts'

const jsonPost = (body: unknown) =>
  ({
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }) as const

/**
 * From the allowlisted origin a credentialed fetch logs in (the grant is on the answer, the
 * cookie is stored, and a refresh with it works); from an unlisted origin the browser refuses.
 */
export async function crossOriginFlow(stack: Stack, context: BrowserContext): Promise<void> {
  const LOGIN = { email: uniqueEmail('cors'), password: PASSWORD }
  const JSON_POST = jsonPost(LOGIN)
  const front = await context.newPage()
  await front.goto(stack.frontEndUrl)
  expect(await callWorker(front, `${stack.workerUrl}/auth/register`, JSON_POST)).toMatchObject({
    status: 201,
  })
  const answer = front.waitForResponse(
    (res) => res.url() === `${stack.workerUrl}/auth/login` && res.request().method() === 'POST',
  )
  const login = await callWorker(front, `${stack.workerUrl}/auth/login`, JSON_POST)
  expect(login).toMatchObject({ ok: true, status: 200 })
  const body = JSON.parse(login.body ?? '{}')
  expect(body).toMatchObject({ user: { email: LOGIN.email } })
  expect(body).not.toHaveProperty('refreshToken')
  const headers = (await answer).headers()
  expect(headers['access-control-allow-origin']).toBe(stack.frontEndUrl)
  expect(headers['access-control-allow-credentials']).toBe('true')
  expect(
    (await context.cookies(`${stack.workerUrl}/auth/refresh`)).some((c) => c.name === COOKIE),
  ).toBe(true)
  // The cookie (SameSite=Strict: these origins are the same site) goes back with a refresh.
  const refresh = await callWorker(front, `${stack.workerUrl}/auth/refresh`, {
    ...JSON_POST,
    body: '{}',
  })
  expect(refresh).toMatchObject({ ok: true, status: 200 })
  await front.close()

  const foreign = await context.newPage()
  await foreign.goto(stack.foreignUrl)
  const blocked = await callWorker(foreign, `${stack.workerUrl}/auth/login`, JSON_POST)
  expect(blocked).toMatchObject({ ok: false, name: 'TypeError' })
  await foreign.close()
}

/** Swagger UI renders the OpenAPI document with its (looser) CSP and nothing blocked. */
export async function docsFlow(workerUrl: string, context: BrowserContext, screenshots: string[]) {
  const page = await context.newPage()
  const csp = collectCspViolations(page)
  const res = await page.goto(`${workerUrl}/docs/`)
  const policy = res?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("script-src 'self';")
  expect(policy).toContain("frame-ancestors 'none'")
  expect(policy).not.toContain('unsafe')
  expect(res?.headers()['x-content-type-options']).toBe('nosniff')
  expect(res?.headers()['referrer-policy']).toBe('no-referrer')
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'edge-auth' }).waitFor()
  // Opening an operation renders its schemas and examples (syntax-highlighted, inline-styled).
  await page.locator('.opblock-summary').first().click()
  await page.locator('.opblock-body .model-example').first().waitFor()
  await page.locator('.btn.authorize').click()
  await page.locator('.modal-ux .auth-container').first().waitFor()
  await page.locator('.modal-ux .close-modal').click()
  await screenshot(page, 'docs', screenshots)
  expect(csp).toEqual([])
  await page.close()
}

interface Settled {
  ok: boolean
  email?: string
  code?: string
}
type FrontEndCall = 'register' | 'login' | 'refresh' | 'me'

/** Calls the front end's client (front-end-app.ts) in the page. */
function frontEnd(page: import('playwright-core').Page, call: FrontEndCall, ...args: string[]) {
  return page.evaluate(
    ([name, values]) =>
      (
        globalThis as unknown as {
          frontEnd: Record<FrontEndCall, (...a: string[]) => Promise<Settled>>
        }
      ).frontEnd[name](...values),
    [call, args] as const,
  )
}

/**
 * The typed client in cookie mode on another origin of the same site (localhost, another port):
 * it logs in, and after a reload (access token gone) refresh() restores the session from the
 * cookie, which the browser sends cross-origin because both origins are one site.
 */
export async function crossOriginClientFlow(stack: Stack, context: BrowserContext): Promise<void> {
  const email = uniqueEmail('front-end')
  const page = await context.newPage()
  const app = `${stack.frontEndUrl}/?worker=${encodeURIComponent(stack.workerUrl)}`
  await page.goto(app)
  await page.waitForFunction(() => 'frontEnd' in globalThis)
  const reload = async () => {
    await page.reload()
    await page.waitForFunction(() => 'frontEnd' in globalThis)
  }
  expect(await frontEnd(page, 'register', email, PASSWORD)).toEqual({ ok: true, email })
  await reload()
  expect(await frontEnd(page, 'login', email, PASSWORD)).toEqual({ ok: true, email })
  await reload() // the access token is gone with the page; the cookie stays
  expect(await frontEnd(page, 'refresh')).toEqual({ ok: true, email })
  expect(await frontEnd(page, 'me')).toEqual({ ok: true, email })
  await reload()
  expect(await frontEnd(page, 'me')).toEqual({ ok: true, email }) // 401, refresh, one retry
  const cookies = await context.cookies(`${stack.workerUrl}/auth/refresh`)
  expect(cookies.find((c) => c.name === COOKIE)).toMatchObject({ sameSite: 'Strict' })
  await page.close()
}
