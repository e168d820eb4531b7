/** Fakes for the mail queue consumers (src/mail/mail-delivery.ts), passed in as parameters. */
import type { Mail } from '../../src/auth/mail.ts'
import type { EmailSender, MailMessage } from '../../src/mail/mail-delivery.ts'

export const MAIL_SETTINGS = {
  appUrl: 'https://app.example.com',
  from: { name: 'Acme Login', email: 'auth@acme.example' },
}
export const TO = 'grace@example.com'
export const TOKEN = 'reset-token-Qx7'
export const MAIL: Mail = { kind: 'reset_password', to: TO, name: 'Grace', token: TOKEN }
/** What no log line of the consumers may hold: the address, the token, the link, the name. */
export const MAIL_SECRETS = /grace@example\.com|reset-token-Qx7|app\.example\.com|Grace/

/** A Queues message that records what the consumer decided. */
export function fakeMessage(body: unknown, attempts = 1) {
  const state: { acked: boolean; retried?: { delaySeconds?: number } } = { acked: false }
  const message: MailMessage & { state: typeof state } = {
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
  return message
}

/** An email sender that records each message and answers with `outcome()`. */
export function fakeSender(outcome: () => Promise<unknown>) {
  const calls: Parameters<EmailSender['send']>[0][] = []
  return {
    calls,
    send: (message: Parameters<EmailSender['send']>[0]) => {
      calls.push(message)
      return outcome()
    },
  }
}

/** An error as the Workers API throws it: a message (which may hold the address) and a code. */
export const providerError = (code: string) =>
  Object.assign(new Error(`email to ${TO} failed`), { code })
