/**
 * An outbox that keeps what the app asked to mail, for assertions (the real one, src/mail/,
 * goes through a queue and the Email Service binding; its own tests cover that path).
 */
import type { Mail } from '../../src/auth/mail.ts'
import type { Outbox } from '../../src/mail/outbox.ts'

export interface CapturedMail extends Outbox {
  sent: Mail[]
  /** How many times a path that mails nobody enqueued a decoy (Mailer.sendNothing). */
  readonly decoys: number
  /** The token of the last mail of `kind` to `to`; throws when there is none. */
  tokenOf(kind: 'verify_email' | 'reset_password' | 'confirm_email_change', to: string): string
  /** The mails to `to`, oldest first. */
  to(address: string): Mail[]
}

export function captureMail(): CapturedMail {
  const sent: Mail[] = []
  let decoys = 0
  return {
    sent,
    get decoys() {
      return decoys
    },
    forRequest: () => ({ send: (mail) => void sent.push(mail), sendNothing: () => void decoys++ }),
    tokenOf(kind, to) {
      const mail = sent.filter((m) => m.kind === kind && m.to === to).at(-1)
      if (!mail || !('token' in mail)) throw new Error(`no ${kind} mail to ${to}`)
      return mail.token
    },
    to: (address) => sent.filter((m) => m.to === address),
  }
}
