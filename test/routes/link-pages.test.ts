/** The pages of the mailed links: the demo page, under its CSP, at each path a mail points to. */
import { describe, expect, it } from 'vitest'
import { LINK_PAGES } from '../../src/api/static-endpoints.ts'
import { MAIL_CONTENT } from '../../src/mail/mail-content.ts'
import { buildTestApp } from '../helpers/app.ts'

const mailedPaths = Object.values(MAIL_CONTENT).flatMap((mail) =>
  mail.action ? [mail.action.path] : [],
)

describe('the pages of mailed links', () => {
  it('every path a mail links to is a declared page', () => {
    expect(mailedPaths.sort()).toEqual(LINK_PAGES.map((page) => page.path).sort())
  })

  it('each answers the demo page with its CSP; other methods get 405', async () => {
    const app = await buildTestApp()
    const demo = await (await app.request('/')).text()
    expect(demo).toContain('/demo.js')
    for (const path of mailedPaths) {
      const page = await app.request(path)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
      expect(await page.text()).toBe(demo)
      expect((await app.request(path, { method: 'HEAD' })).status).toBe(200)
      const post = await app.request(path, { method: 'POST' })
      expect(post.status).toBe(405)
      expect(post.headers.get('allow')).toBe('GET, HEAD')
    }
  })
})
