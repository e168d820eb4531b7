/** Giving up on a mail: Queues' retries with our delays, then the dead-letter queue's consumer. */
import { describe, expect, it } from 'vitest'
import { deliverMail, logDeadLetters } from '../../src/mail/mail-delivery.ts'
import type { QueuedMail } from '../../src/mail/outbox.ts'
import { MAIL_MAX_RETRIES } from '../../src/mail/queue-settings.ts'
import { captureLogger } from '../helpers/app.ts'
import {
  fakeMessage,
  fakeSender,
  MAIL,
  MAIL_SECRETS,
  MAIL_SETTINGS,
  providerError,
  TO,
} from '../helpers/mail-fakes.ts'

describe('a mail that keeps failing', () => {
  it('is retried max_retries times with growing delays, then dead-lettered and logged', async () => {
    const log = captureLogger()
    const email = fakeSender(() => Promise.reject(providerError('E_INTERNAL_SERVER_ERROR')))
    const body: QueuedMail = { mail: MAIL, requestId: 'req-doomed' }
    const delays: number[] = []
    // What Queues does with wrangler.toml's max_retries: redeliver each retried message after
    // its delay; when the last allowed delivery asks for a retry, move it to the dead-letter queue.
    for (let attempts = 1; ; attempts++) {
      const msg = fakeMessage(body, attempts)
      await deliverMail({ messages: [msg] }, { sender: email, mail: MAIL_SETTINGS, log })
      expect(msg.state.acked).toBe(false)
      if (attempts === 1 + MAIL_MAX_RETRIES) break
      delays.push(msg.state.retried?.delaySeconds ?? Number.NaN)
    }
    logDeadLetters({ messages: [fakeMessage(body, 1)] }, log)

    expect(email.calls).toHaveLength(1 + MAIL_MAX_RETRIES)
    expect(delays).toEqual([15, 30, 60, 120, 240]) // given up on after 7¾ minutes
    expect(log.entries.at(-1)).toEqual({
      level: 'error',
      msg: 'mail dead-lettered',
      kind: 'reset_password',
      requestId: 'req-doomed',
    })
    expect(JSON.stringify(log.entries)).not.toMatch(MAIL_SECRETS)
  })
})

describe('logDeadLetters (the dead-letter queue consumer)', () => {
  it('logs kind and request id only, and acks', () => {
    const log = captureLogger()
    const messages = [
      fakeMessage({ mail: MAIL, requestId: 'req-dead' }, 6),
      fakeMessage({ junk: TO }),
    ]
    logDeadLetters({ messages }, log)
    expect(messages.every((m) => m.state.acked)).toBe(true)
    expect(log.entries).toEqual([
      { level: 'error', msg: 'mail dead-lettered', kind: 'reset_password', requestId: 'req-dead' },
      { level: 'error', msg: 'mail dead-lettered', kind: 'unknown', requestId: 'unknown' },
    ])
    expect(JSON.stringify(log.entries)).not.toMatch(MAIL_SECRETS)
  })
})
