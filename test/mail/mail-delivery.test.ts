/** The queue consumers, with a fake email sender and fake queue messages passed in. */
import { describe, expect, it } from 'vitest'
import type { Mail } from '../../src/auth/mail.ts'
import {
  deliverMail,
  type EmailSender,
  logDeadLetters,
  type MailMessage,
  retryDelay,
} from '../../src/mail/mail-delivery.ts'
import type { QueuedMail } from '../../src/mail/outbox.ts'
import { MAIL_MAX_RETRIES } from '../../src/mail/queue-settings.ts'
import { captureLogger } from '../helpers/app.ts'

const mailSettings = {
  appUrl: 'https://app.example.com',
  from: { name: 'Acme Login', email: 'auth@acme.example' },
}
const TO = 'grace@example.com'
const TOKEN = 'reset-token-Qx7'
const mail: Mail = { kind: 'reset_password', to: TO, name: 'Grace', token: TOKEN }
const SECRETS = /grace@example\.com|reset-token-Qx7|app\.example\.com|Grace/

/** A Queues message that records what the consumer decided. */
function message(body: unknown, attempts = 1) {
  const state: { acked: boolean; retried?: { delaySeconds?: number } } = { acked: false }
  const msg: MailMessage & { state: typeof state } = {
    body,
    attempts,
    state,
    ack: () => {
      state.acked = true
    },
    retry: (options) => {
      state.retried = options ?? {}
    },
  }
  return msg
}

function sender(outcome: () => Promise<unknown>) {
  const calls: Parameters<EmailSender['send']>[0][] = []
  return {
    calls,
    send: (m: Parameters<EmailSender['send']>[0]) => {
      calls.push(m)
      return outcome()
    },
  }
}

const providerError = (code: string) => Object.assign(new Error(`email to ${TO} failed`), { code })

describe('deliverMail (the MAIL_QUEUE consumer)', () => {
  it('renders and sends through the injected sender, then acks', async () => {
    const email = sender(async () => ({ messageId: '<x@acme.example>' }))
    const log = captureLogger()
    const msg = message({ mail, requestId: 'req-a' } satisfies QueuedMail)
    await deliverMail({ messages: [msg] }, { sender: email, mail: mailSettings, log })

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

  it('retries a provider error with exponential backoff, logging only kind, id and code', async () => {
    const log = captureLogger()
    const email = sender(() => Promise.reject(providerError('E_RATE_LIMIT_EXCEEDED')))
    const messages = [1, 2, 3, 4, 5].map((attempts) =>
      message({ mail, requestId: `req-${attempts}` }, attempts),
    )
    await deliverMail({ messages }, { sender: email, mail: mailSettings, log })

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
    expect(JSON.stringify(log.entries)).not.toMatch(SECRETS)
  })

  it('retries an error without a code (a network failure, a missing binding)', async () => {
    const log = captureLogger()
    const msg = message({ mail, requestId: 'req-b' }, 2)
    const email = sender(() => Promise.reject(new TypeError(`cannot reach ${TO}`)))
    await deliverMail({ messages: [msg] }, { sender: email, mail: mailSettings, log })
    expect(msg.state).toEqual({ acked: false, retried: { delaySeconds: 30 } })
    expect(log.entries[0]).toMatchObject({ msg: 'mail send failed', code: undefined })
    expect(JSON.stringify(log.entries)).not.toMatch(SECRETS)
  })

  it('drops a mail the provider refuses for good (no retry can change it), with an error line', async () => {
    const log = captureLogger()
    const msg = message({ mail, requestId: 'req-c' })
    const email = sender(() => Promise.reject(providerError('E_RECIPIENT_SUPPRESSED')))
    await deliverMail({ messages: [msg] }, { sender: email, mail: mailSettings, log })
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
    const email = sender(async () => ({}))
    const bodies = [null, 'text', { requestId: 'req-d' }, { mail: { ...mail, kind: 'nope' } }]
    const messages = bodies.map((body) => message(body))
    await deliverMail({ messages }, { sender: email, mail: mailSettings, log })
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
    const email = sender(() =>
      ++call === 2 ? Promise.reject(new Error('down')) : Promise.resolve(),
    )
    const messages = [1, 2, 3].map(() => message({ mail, requestId: 'r' }))
    await deliverMail({ messages }, { sender: email, mail: mailSettings, log: captureLogger() })
    expect(messages.map((m) => m.state.acked)).toEqual([true, false, true])
    expect(messages[1]?.state.retried).toEqual({ delaySeconds: 15 })
  })
})

describe('a mail that keeps failing', () => {
  it('is retried max_retries times with growing delays, then dead-lettered and logged', async () => {
    const log = captureLogger()
    const email = sender(() => Promise.reject(providerError('E_INTERNAL_SERVER_ERROR')))
    const body: QueuedMail = { mail, requestId: 'req-doomed' }
    const delays: number[] = []
    // What Queues does with wrangler.toml's max_retries: redeliver each retried message after
    // its delay; when the last allowed delivery asks for a retry, move it to the dead-letter queue.
    for (let attempts = 1; ; attempts++) {
      const msg = message(body, attempts)
      await deliverMail({ messages: [msg] }, { sender: email, mail: mailSettings, log })
      expect(msg.state.acked).toBe(false)
      if (attempts === 1 + MAIL_MAX_RETRIES) break
      delays.push(msg.state.retried?.delaySeconds ?? Number.NaN)
    }
    logDeadLetters({ messages: [message(body, 1)] }, log)

    expect(email.calls).toHaveLength(1 + MAIL_MAX_RETRIES)
    expect(delays).toEqual([15, 30, 60, 120, 240]) // given up on after 7¾ minutes
    expect(log.entries.at(-1)).toEqual({
      level: 'error',
      msg: 'mail dead-lettered',
      kind: 'reset_password',
      requestId: 'req-doomed',
    })
    expect(JSON.stringify(log.entries)).not.toMatch(SECRETS)
  })
})

describe('retryDelay', () => {
  it('doubles from 15 seconds and stops at 15 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelay)).toEqual([
      15, 15, 30, 60, 120, 240, 480, 900, 900, 900,
    ])
  })
})

describe('logDeadLetters (the dead-letter queue consumer)', () => {
  it('logs kind and request id only, and acks', () => {
    const log = captureLogger()
    const messages = [message({ mail, requestId: 'req-dead' }, 6), message({ junk: TO })]
    logDeadLetters({ messages }, log)
    expect(messages.every((m) => m.state.acked)).toBe(true)
    expect(log.entries).toEqual([
      { level: 'error', msg: 'mail dead-lettered', kind: 'reset_password', requestId: 'req-dead' },
      { level: 'error', msg: 'mail dead-lettered', kind: 'unknown', requestId: 'unknown' },
    ])
    expect(JSON.stringify(log.entries)).not.toMatch(SECRETS)
  })
})
