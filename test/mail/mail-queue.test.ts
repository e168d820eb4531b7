/**
 * Mail through the real simulated bindings of wrangler.toml: the MAIL_QUEUE producer, this
 * Worker's queue() handler as its consumer (src/index.ts), and the EMAIL send_email binding.
 * Nothing is faked: the spy on EMAIL.send calls through to miniflare's simulation.
 */
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createOutbox } from '../../src/mail/outbox.ts'
import { captureLogger, uniqueEmail } from '../helpers/app.ts'

const bindings = env as unknown as { MAIL_QUEUE: Queue; EMAIL: SendEmail }

async function until<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('mail through the simulated queue and email bindings', () => {
  it('a mail the request enqueued reaches the consumer and the EMAIL binding', async () => {
    const send = vi.spyOn(bindings.EMAIL, 'send')
    const lines = vi.spyOn(console, 'log')
    const to = uniqueEmail('queued')
    const requestId = `req-${crypto.randomUUID()}`
    const tasks: Promise<unknown>[] = []
    const mailer = createOutbox({ queue: bindings.MAIL_QUEUE, log: captureLogger() }).forRequest(
      (task) => void tasks.push(task),
      requestId,
    )

    mailer.send({ kind: 'reset_password', to, name: 'Queue Test', token: 'tok-real-queue' })
    await Promise.all(tasks)

    const call = await until(() =>
      send.mock.calls.find(([message]) => (message as { to?: unknown }).to === to),
    )
    // The vars of wrangler.toml: the local sender, and links to the page `npm run dev` serves.
    expect(call[0]).toMatchObject({
      from: { name: 'edge-auth', email: 'auth@example.com' },
      to,
      subject: 'Reset your edge-auth password',
    })
    const { text, html } = call[0] as { text: string; html: string }
    expect(text).toContain('http://localhost:8787/reset-password#token=tok-real-queue')
    expect(html).toContain('href="http://localhost:8787/reset-password#token=tok-real-queue"')
    const index = send.mock.calls.indexOf(call)
    await expect(send.mock.results[index]?.value).resolves.toMatchObject({
      messageId: expect.stringMatching(/^<.+@example\.com>$/),
    })
    const sent = await until(() =>
      lines.mock.calls.map(([line]) => String(line)).find((line) => line.includes(requestId)),
    )
    expect(JSON.parse(sent)).toEqual({
      level: 'info',
      msg: 'mail sent',
      kind: 'reset_password',
      requestId,
      attempts: 1,
    })
  })
})
