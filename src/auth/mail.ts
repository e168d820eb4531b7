/**
 * What the domain asks to be mailed. The mail layer (src/mail/) renders each kind (plain text
 * and HTML, links only to APP_URL) and delivers it after the response through a queue, so a
 * mail never delays or changes an answer, and a provider outage delays mail instead of losing it.
 */

/** Who a mail goes to: the address, and the account's name for the greeting (escaped in HTML). */
interface Recipient {
  to: string
  name: string | null
}

export type Mail = Recipient &
  (
    | { kind: 'verify_email'; token: string }
    | { kind: 'reset_password'; token: string }
    | { kind: 'confirm_email_change'; token: string }
    | { kind: 'email_change_requested'; newEmail: string }
    | { kind: 'email_changed'; newEmail: string }
    | { kind: 'password_changed' }
    | { kind: 'passkey_added' }
    | { kind: 'signup_attempt' }
    | { kind: 'account_deleted' }
  )

export type MailKind = Mail['kind']

/** Sends mail after the answer; never throws, never waits (a failure is retried, then logged). */
export interface Mailer {
  send(mail: Mail): void
  /**
   * Does what `send` does with nothing to deliver: where an answer must not tell whether a mail
   * went out (forgot password, verification resend), the path that mails nobody calls this, so
   * both paths cost the same (measured with `npm run timing`).
   */
  sendNothing(): void
}
