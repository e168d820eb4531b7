/**
 * The consumer side of mail. Each queued mail is rendered and sent through the Email Service
 * binding (`env.EMAIL.send({from, to, subject, text, html})`, the structured form its Workers API
 * recommends). A provider error is retried with exponential backoff (Queues' per-message
 * `retry({delaySeconds})`), so an outage delays mail instead of losing it; after `max_retries`
 * (wrangler.toml) Queues moves the message to the dead-letter queue, whose consumer logs it.
 * A refusal no retry can change (an invalid or suppressed recipient: the Workers API error codes)
 * is logged and dropped at once. Logs carry the kind and the request id: never the address, the
 * token or the link (the provider's messages can hold the address, so only its code is kept).
 */

import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { Decoy, QueuedMail } from './outbox.ts'
import { renderMail } from './render-mail.ts'

/** The part of the `send_email` binding used here (its EmailMessageBuilder form). */
export interface EmailSender {
  send(message: {
    from: { email: string; name: string }
    to: string
    subject: string
    text: string
    html: string
  }): Promise<unknown>
}

/** The parts of a Queues message and batch used here. */
export interface MailMessage {
  readonly body: unknown
  /** 1 on the first delivery. */
  readonly attempts: number
  ack(): void
  retry(options?: { delaySeconds?: number }): void
}

export interface MailBatch {
  readonly messages: readonly MailMessage[]
}

export const RETRY_BASE_SECONDS = 15
export const RETRY_MAX_SECONDS = 900

/** 15 s after the first failure, doubling up to 15 minutes: 15, 30, 60, 120, 240 s with 5 retries. */
export function retryDelay(attempts: number): number {
  return Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_SECONDS)
}

/** Workers API error codes that describe the message itself, not the moment. */
const REFUSED = new Set([
  'E_VALIDATION_ERROR',
  'E_FIELD_MISSING',
  'E_TOO_MANY_RECIPIENTS',
  'E_RECIPIENT_NOT_ALLOWED',
  'E_RECIPIENT_SUPPRESSED',
  'E_CONTENT_TOO_LARGE',
])

export interface MailDeliveryDeps {
  sender: EmailSender
  mail: Config['mail']
  log: Logger
}

/** The MAIL_QUEUE consumer: sends each message of the batch, acking or retrying each one. */
export async function deliverMail(batch: MailBatch, deps: MailDeliveryDeps): Promise<void> {
  await Promise.all(batch.messages.map((message) => deliverOne(message, deps)))
}

async function deliverOne(message: MailMessage, { sender, mail, log }: MailDeliveryDeps) {
  if ((message.body as Partial<Decoy> | null)?.decoy === true) return message.ack()
  const queued = message.body as QueuedMail
  const fields = { ...logFields(message.body), attempts: message.attempts }
  let rendered: ReturnType<typeof renderMail>
  try {
    rendered = renderMail(queued.mail, mail)
  } catch {
    log.error({ msg: 'mail unreadable', ...fields })
    return message.ack()
  }
  try {
    await sender.send({ from: mail.from, to: queued.mail.to, ...rendered })
    log.info({ msg: 'mail sent', ...fields })
    message.ack()
  } catch (error) {
    const code = providerCode(error)
    if (code && REFUSED.has(code)) {
      log.error({ msg: 'mail refused', code, ...fields })
      return message.ack()
    }
    const delaySeconds = retryDelay(message.attempts)
    log.warn({ msg: 'mail send failed', code, retryIn: delaySeconds, ...fields })
    message.retry({ delaySeconds })
  }
}

/** The dead-letter queue's consumer: one error line per mail given up on, then it is dropped. */
export function logDeadLetters(batch: MailBatch, log: Logger): void {
  for (const message of batch.messages) {
    log.error({ msg: 'mail dead-lettered', ...logFields(message.body) })
    message.ack()
  }
}

/** Kind and request id of a queued body, whatever it holds; nothing else of it is ever logged. */
function logFields(body: unknown): { kind: string; requestId: string } {
  const queued = body as Partial<QueuedMail> | null
  const kind = queued?.mail?.kind
  const requestId = queued?.requestId
  return {
    kind: typeof kind === 'string' && /^[a-z_]{1,32}$/.test(kind) ? kind : 'unknown',
    requestId: typeof requestId === 'string' ? requestId.slice(0, 64) : 'unknown',
  }
}

/** The Workers API's `E_...` code of a send error, if it has one. */
function providerCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E_[A-Z_]{1,40}$/.test(code) ? code : undefined
}
