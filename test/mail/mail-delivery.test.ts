/** The MAIL_QUEUE consumer, with a fake email sender and fake queue messages passed in. */
import { describe, expect, it } from 'vitest'
import { deliverMail, retryDelay } from '../../src/mail/mail-delivery.ts'
import type { Decoy, QueuedMail } from '../../src/mail/outbox.ts'
import { captureLogger } from '../helpers/app.ts'
import {
  fakeMessage,
  fakeSender,
  MAIL,
  MAIL_SECRETS,
  MAIL_SETTINGS,
  providerError,
  TO,
  TOKEN,
} from '../helpers/mail-fakes.ts'

describe('deliverMail (the MAIL_QUEUE consumer)', () => {
  it('renders and sends through the injected sender, then acks', async () => {
    const email = fakeSender(async () => ({ messageId: '<x@acme.example>' }))
    const log = captureLogger()
    const msg = fakeMessage({ mail: MAIL, requestId: 'req-a' } satisfies QueuedMail)
    await deliverMail({ messages: [msg] }, { sender: email, mail: MAIL_SETTINGS, log })

    expect(email.calls).toHaveLength(1)
    const sent = email.calls[0]
    expect(sent).toMatchObject({
      from: { name: 'Acme Login', email: 'auth@acme.example' },
      to: TO,
      subject: 'Reset your Acme Login password',
    })
    expect(sent?.text).toContain(`https://app.example.com/reset-password#token=${TOKEN}`)
    expect(sent?.html).toContain(`href="https://app.example.com/reset-password#token=${TOKEN}"`)
    expect(msg.state).toEqual({ acked: true })
    expect(log.entries).toEqual([
      { level: 'info', msg: 'mail sent', kind: 'reset_password', requestId: 'req-a', attempts: 1 },
    ])
  })

  it('acks a decoy (Mailer.sendNothing) without sending or logging anything', async () => {
    const email = fakeSender(async () => ({ messageId: '<x@acme.example>' }))
    const log = captureLogger()
    const msg = fakeMessage({ decoy: true, requestId: 'req-d' } satisfies Decoy)
    await deliverMail({ messages: [msg] }, { sender: email, mail: MAIL_SETTINGS, log })
    expect(email.calls).toEqual([])
    expect(msg.state).toEqual({ acked: true })
    expect(log.entries).toEqual([])
  })

  it('retries a provider error with exponential backoff, logging only kind, id and code', async () => {
    const log = captureLogger()
    const email = fakeSender(() => Promise.reject(providerError('E_RATE_LIMIT_EXCEEDED')))
    const messages = [1, 2, 3, 4, 5].map((attempts) =>
      fakeMessage({ mail: MAIL, requestId: `req-${attempts}` }, attempts),
    )
    await deliverMail({ messages }, { sender: email, mail: MAIL_SETTINGS, log })

    expect(messages.map((m) => m.state)).toEqual(
      [15, 30, 60, 120, 240].map((delaySeconds) => ({ acked: false, retried: { delaySeconds } })),
    )
    expect(log.entries[0]).toEqual({
      level: 'warn',
      msg: 'mail send failed',
      code: 'E_RATE_LIMIT_EXCEEDED',
      retryIn: 15,
      kind: 'reset_password',
      requestId: 'req-1',
      attempts: 1,
    })
    expect(JSON.stringify(log.entries)).not.toMatch(MAIL_SECRETS)
  })

  it('retries an error without a code (a network failure, a missing binding)', async () => {
    const log = captureLogger()
    const msg = fakeMessage({ mail: MAIL, requestId: 'req-b' }, 2)
    const email = fakeSender(() => Promise.reject(new TypeError(`cannot reach ${TO}`)))
    await deliverMail({ messages: [msg] }, { sender: email, mail: MAIL_SETTINGS, log })
    expect(msg.state).toEqual({ acked: false, retried: { delaySeconds: 30 } })
    expect(log.entries[0]).toMatchObject({ msg: 'mail send failed', code: undefined })
    expect(JSON.stringify(log.entries)).not.toMatch(MAIL_SECRETS)
  })

  it('drops a mail the provider refuses for good (no retry can change it), with an error line', async () => {
    const log = captureLogger()
    const msg = fakeMessage({ mail: MAIL, requestId: 'req-c' })
    const email = fakeSender(() => Promise.reject(providerError('E_RECIPIENT_SUPPRESSED')))
    await deliverMail({ messages: [msg] }, { sender: email, mail: MAIL_SETTINGS, log })
    expect(msg.state).toEqual({ acked: true })
    expect(log.entries).toEqual([
      {
        level: 'error',
        msg: 'mail refused',
        code: 'E_RECIPIENT_SUPPRESSED',
        kind: 'reset_password',
        requestId: 'req-c',
        attempts: 1,
      },
    ])
  })

  it('acks a body it cannot render instead of retrying it forever', async () => {
    const log = captureLogger()
    const email = fakeSender(async () => ({}))
    const bodies = [null, 'text', { requestId: 'req-d' }, { mail: { ...MAIL, kind: 'nope' } }]
    const messages = bodies.map((body) => fakeMessage(body))
    await deliverMail({ messages }, { sender: email, mail: MAIL_SETTINGS, log })
    expect(email.calls).toEqual([])
    expect(messages.every((m) => m.state.acked && !m.state.retried)).toBe(true)
    expect(log.entries.map((entry) => [entry.msg, entry.kind, entry.requestId])).toEqual([
      ['mail unreadable', 'unknown', 'unknown'],
      ['mail unreadable', 'unknown', 'unknown'],
      ['mail unreadable', 'unknown', 'req-d'],
      ['mail unreadable', 'nope', 'unknown'],
    ])
  })

  it('handles each message of a batch on its own', async () => {
    let call = 0
    const email = fakeSender(() =>
      ++call === 2 ? Promise.reject(new Error('down')) : Promise.resolve(),
    )
    const messages = [1, 2, 3].map(() => fakeMessage({ mail: MAIL, requestId: 'r' }))
    await deliverMail({ messages }, { sender: email, mail: MAIL_SETTINGS, log: captureLogger() })
    expect(messages.map((m) => m.state.acked)).toEqual([true, false, true])
    expect(messages[1]?.state.retried).toEqual({ delaySeconds: 15 })
  })
})

describe('retryDelay', () => {
  it('doubles from 15 seconds and stops at 15 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelay)).toEqual([
      15, 15, 30, 60, 120, 240, 480, 900, 900, 900,
    ])
  })
})
