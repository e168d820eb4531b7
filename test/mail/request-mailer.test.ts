/** The per-request Mailer that src/app.ts puts on the AuthContext, with its request's id. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { Mail } from '../../src/auth/mail.ts'
import { parseConfig } from '../../src/config.ts'
import { createDeps } from '../../src/deps.ts'
import type { AppEnv } from '../../src/http/app-env.ts'
import { createOutbox, type Outbox, type QueuedMail } from '../../src/mail/outbox.ts'
import { captureLogger, testEnv } from '../helpers/app.ts'

const mail: Mail = { kind: 'verify_email', to: 'ada@example.com', name: null, token: 't0k3n' }

async function appWith(outbox?: Outbox) {
  const parsed = parseConfig(testEnv)
  if (!parsed.ok) throw new Error(`bad test config: ${parsed.variables.join(', ')}`)
  const log = captureLogger()
  const app = createApp({ ...(await createDeps(parsed.config, { log })), mail: outbox })
  // A route like the flows' will be: it asks for a mail and answers at once.
  const hono = app as unknown as import('hono').Hono<AppEnv>
  hono.post('/auth/test-mail', (c) => {
    c.var.auth.mailer.send(mail)
    return c.json({ status: 'sent' }, 202)
  })
  return { app, log }
}

describe('the request mailer', () => {
  it('answers before the mail is queued, and the queue gets it through waitUntil with the request id', async () => {
    const queued: QueuedMail[] = []
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const queue = {
      send: async (body: QueuedMail) => {
        await gate
        queued.push(body)
      },
    }
    const { app } = await appWith(createOutbox({ queue, log: captureLogger() }))
    const ctx = createExecutionContext()
    // Workers may cut off a promise nobody handed to waitUntil once the response is sent.
    const waitUntil = vi.spyOn(ctx, 'waitUntil')

    const res = await app.request(
      '/auth/test-mail',
      { method: 'POST', headers: { 'x-request-id': 'req-mailer-1' } },
      {},
      ctx,
    )
    expect(res.status).toBe(202)
    expect(queued).toEqual([]) // the answer did not wait for the queue
    expect(waitUntil).toHaveBeenCalledTimes(1)
    release()
    await waitOnExecutionContext(ctx)
    expect(queued).toEqual([{ mail, requestId: 'req-mailer-1' }])
  })

  it('answers the same when the queue is down', async () => {
    const queue = { send: () => Promise.reject(new Error('queue unavailable')) }
    const { app, log } = await appWith(createOutbox({ queue, log: captureLogger() }))
    const ctx = createExecutionContext()
    const res = await app.request('/auth/test-mail', { method: 'POST' }, {}, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ status: 'sent' })
    expect(log.entries.filter((entry) => entry.level !== 'info')).toEqual([])
  })

  it('without an outbox (no MAIL_QUEUE binding) drops the mail with a warning', async () => {
    const { app, log } = await appWith(undefined)
    const res = await app.request('/auth/test-mail', {
      method: 'POST',
      headers: { 'x-request-id': 'req-mailer-3' },
    })
    expect(res.status).toBe(202)
    expect(log.entries).toContainEqual({
      level: 'warn',
      msg: 'mail dropped: no MAIL_QUEUE',
      kind: 'verify_email',
      requestId: 'req-mailer-3',
    })
  })
})
