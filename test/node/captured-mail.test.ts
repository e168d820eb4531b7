/**
 * The reader of mail `wrangler dev` captured, and the dev console, against real captures: the
 * fixtures are what wrangler 4.156's Local Explorer answered and the text part it wrote during
 * `npm run dev` (a reset mail to ada@, then one to grace@).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EXPLORER_MAIL_PATH,
  listCapturedMail,
  parseCapturedMail,
  waitForMail,
} from '../../scripts/lib/captured-mail.ts'
import { printCapturedMail } from '../../scripts/lib/mail-console.ts'

const FIXTURES = join(import.meta.dirname, 'fixtures/captured-mail')
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'))
const ADA_ID = 'XxSrtl9e5hjbGVnmUqQnJGm4RYbkSG9GHStU@example.com'
const LINK = 'http://127.0.0.1:8787/reset-password#token=Zm9vYmFyLXJlc2V0LXRva2Vu'

/** The explorer API as wrangler dev serves it, from the fixtures; `grace@` appears on demand. */
let server: Server
let workerUrl = ''
let withGrace = true
const headersSeen: string[] = []
beforeAll(async () => {
  const list = fixture('list.json')
  const details: Record<string, unknown> = {
    [ADA_ID]: fixture('detail-XxSrtl9e.json'),
    'NZPvIBW7nMhgZZUrQssUJFU1gCqwW0EJKmce@example.com': fixture('detail-NZPvIBW7.json'),
  }
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    headersSeen.push(String(req.headers['x-miniflare-explorer-no-aggregate']))
    if (url.pathname !== EXPLORER_MAIL_PATH) return void res.writeHead(404).end()
    const id = url.searchParams.get('email_id')
    const body = id
      ? details[id]
      : { ...list, result: withGrace ? list.result : list.result.slice(1) }
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body ?? { success: false }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  workerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('captured mail', () => {
  it('parses a real capture: recipient, subject, both parts and the links of the text part', () => {
    const mail = parseCapturedMail(fixture('detail-XxSrtl9e.json'))
    expect(mail).toMatchObject({
      id: ADA_ID,
      from: '"edge-auth" <auth@example.com>',
      to: ['ada@example.com'],
      subject: 'Reset your edge-auth password',
      sentAt: '2026-12-02T04:38:24.521Z',
      links: [LINK],
    })
    expect(mail.text).toBe(readFileSync(join(FIXTURES, `${ADA_ID}.txt`), 'utf8'))
    expect(mail.html).toContain(`<a href="${LINK}">`)
  })

  it('lists this wrangler dev only (no aggregation over other instances), newest first', async () => {
    withGrace = true
    const mails = await listCapturedMail(workerUrl)
    expect(mails.map((mail) => mail.to[0])).toEqual(['grace@example.com', 'ada@example.com'])
    expect(headersSeen.at(-1)).toBe('1')
  })

  it('waits for a mail to an address, and then reads it whole', async () => {
    withGrace = false
    setTimeout(() => {
      withGrace = true
    }, 300)
    const mail = await waitForMail(workerUrl, { to: 'grace@example.com' }, 5000)
    expect(mail.to).toEqual(['grace@example.com'])
    expect(mail.links).toEqual([LINK])
  })

  it('ignores mail sent before `since`, and gives up after the timeout', async () => {
    withGrace = true
    const since = Date.parse('2026-12-02T04:38:30Z')
    await expect(waitForMail(workerUrl, { to: 'ada@example.com', since }, 300)).rejects.toThrow(
      /no mail to ada@example.com within 300 ms/,
    )
    await expect(
      waitForMail(workerUrl, { to: 'grace@example.com', since, subject: /^Reset/ }, 300),
    ).resolves.toMatchObject({ to: ['grace@example.com'] })
  })
})

describe('the dev mail console', () => {
  it('prints recipient, subject and link as soon as wrangler writes a text part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-auth-mail-'))
    const lines: string[] = []
    const stop = printCapturedMail({ workerUrl, dir, print: (line) => lines.push(line) })
    try {
      // What wrangler does on a send: a session directory, then <id>.txt in email-text/.
      mkdirSync(join(dir, 'miniflare-0123/email-text'), { recursive: true })
      copyFileSync(
        join(FIXTURES, `${ADA_ID}.txt`),
        join(dir, `miniflare-0123/email-text/${ADA_ID}.txt`),
      )
      const start = Date.now()
      while (lines.length === 0 && Date.now() - start < 5000)
        await new Promise((resolve) => setTimeout(resolve, 20))
      expect(lines).toEqual([`dev: mail to ada@example.com: Reset your edge-auth password ${LINK}`])
    } finally {
      stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('still prints the link from the file when the explorer does not answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-auth-mail-'))
    const lines: string[] = []
    const stop = printCapturedMail({
      workerUrl: 'http://127.0.0.1:9', // nothing listens there
      dir,
      print: (line) => lines.push(line),
    })
    try {
      mkdirSync(join(dir, 's/email-text'), { recursive: true })
      copyFileSync(join(FIXTURES, `${ADA_ID}.txt`), join(dir, `s/email-text/${ADA_ID}.txt`))
      const start = Date.now()
      while (lines.length === 0 && Date.now() - start < 5000)
        await new Promise((resolve) => setTimeout(resolve, 20))
      expect(lines).toEqual([`dev: mail ${ADA_ID}: ${LINK}`])
    } finally {
      stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
