/**
 * The request side of mail. `mailer.send(mail)` puts the mail on MAIL_QUEUE in the background
 * (ExecutionContext.waitUntil) and returns at once: it never delays or changes the answer, never
 * throws, and "forgot password" takes the same time whether or not a mail goes out (OWASP Forgot
 * Password Cheat Sheet, "Forgot Password Request": consistent time "by using asynchronous
 * calls"). The queue's consumer (mail-delivery.ts) renders and sends, retrying a provider outage.
 */
import type { Mail, Mailer } from '../auth/mail.ts'
import type { Logger } from '../log.ts'

/** What MAIL_QUEUE carries: the mail as the domain asked for it, and the request that asked. */
export interface QueuedMail {
  mail: Mail
  requestId: string
}

/** The part of a Workers Queue producer binding used here. */
export interface MailQueue {
  send(body: QueuedMail | Decoy): Promise<unknown>
}

/** What Mailer.sendNothing enqueues: the consumer acknowledges it and sends nothing. */
export interface Decoy {
  decoy: true
  requestId: string
}

/** Hands a task to the runtime to finish after the response (ExecutionContext.waitUntil). */
export type Background = (task: Promise<unknown>) => void

/** Makes the Mailer of each request (src/app.ts puts it on the AuthContext). */
export interface Outbox {
  /** `requestId` follows the mail into the consumer's logs, never the address. */
  forRequest(background: Background, requestId: string): Mailer
}

export function createOutbox({ queue, log }: { queue: MailQueue; log: Logger }): Outbox {
  return {
    forRequest: (background, requestId) => {
      const enqueue = (body: QueuedMail | Decoy, kind: string) => {
        const task = Promise.resolve()
          .then(() => queue.send(body))
          .catch(() => log.warn({ msg: 'mail not queued', kind, requestId }))
        try {
          background(task)
        } catch {
          // No ExecutionContext to extend: the task runs on, and reports its own failure.
        }
      }
      return {
        send: (mail) => enqueue({ mail, requestId }, mail.kind),
        sendNothing: () => enqueue({ decoy: true, requestId }, 'decoy'),
      }
    },
  }
}

/** Without a MAIL_QUEUE binding (the bench's bare workerd): every mail is dropped, and said so. */
export function createMailDropper(log: Logger): Outbox {
  return {
    forRequest: (_background, requestId) => ({
      send: (mail) => log.warn({ msg: 'mail dropped: no MAIL_QUEUE', kind: mail.kind, requestId }),
      sendNothing: () => {},
    }),
  }
}
