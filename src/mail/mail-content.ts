/**
 * What each mail says: a subject that names what happened, the paragraphs, and, for the kinds
 * that carry a token, the action and the front-end path its link opens. `{product}` is the
 * EMAIL_FROM display name and `{newEmail}` the requested address; render-mail.ts fills them in
 * (escaped in the HTML part). Subjects never hold user input.
 *
 * Notices carry no link on purpose: a security notice that asks to click is what phishing looks
 * like, so they say what to do instead (OWASP Forgot Password Cheat Sheet, "User Resets
 * Password": tell the user the password was reset, never send the password).
 */
import type { MailKind } from '../auth/mail.ts'

export interface MailContent {
  subject: string
  /** Paragraphs before the action, or the whole message when there is none. */
  body: string[]
  /** The link's label and its path under APP_URL; only the kinds with a token have one. */
  action?: { label: string; path: string }
  /** What to do if the recipient did not ask for this. */
  footer: string
}

export const MAIL_CONTENT: Record<MailKind, MailContent> = {
  verify_email: {
    subject: 'Confirm your email address for {product}',
    body: ['Confirm that this address is yours to finish setting up your {product} account.'],
    action: { label: 'Confirm my email address', path: '/verify-email' },
    footer: 'If you did not sign up for {product}, ignore this email.',
  },
  reset_password: {
    subject: 'Reset your {product} password',
    body: ['Someone asked to reset the password of your {product} account.'],
    action: { label: 'Choose a new password', path: '/reset-password' },
    footer: 'If it was not you, ignore this email: your password stays as it is.',
  },
  confirm_email_change: {
    subject: 'Confirm the new email address of your {product} account',
    body: ['Confirm this address to make it the sign-in email of your {product} account.'],
    action: { label: 'Confirm my new address', path: '/confirm-email' },
    footer: 'If you did not ask for this, ignore this email: nothing changes.',
  },
  // OWASP Authentication Cheat Sheet, "Changing A User's Registered Email Address": the old
  // address hears of the change, so its owner can react.
  email_change_requested: {
    subject: 'The email address of your {product} account is changing',
    body: [
      'Someone asked to change the sign-in email of your {product} account to {newEmail}. The change takes effect when the new address is confirmed.',
    ],
    footer: 'If it was not you, reset your password now: someone else may know it.',
  },
  email_changed: {
    subject: 'The email address of your {product} account was changed',
    body: ['The sign-in email of your {product} account is now {newEmail}.'],
    footer: 'If it was not you, contact support at once: someone else controls your account.',
  },
  password_changed: {
    subject: 'Your {product} password was changed',
    body: ['The password of your {product} account was just changed.'],
    footer: 'If it was not you, reset your password now from the {product} sign-in page.',
  },
  // ASVS 5.0 V6.3.7: the owner hears of a new way to sign in. The passkey's name is left out:
  // whoever added it chose it, and a notice must not carry their text.
  passkey_added: {
    subject: 'A passkey was added to your {product} account',
    body: [
      'A passkey was just added to your {product} account. It signs in without your password or a code from your app.',
    ],
    footer:
      'If it was not you, someone knows your password: reset it from the {product} sign-in page, then remove the passkey from your account.',
  },
  // OWASP Authentication Cheat Sheet, "Authentication Responses": sign-up answers the same
  // whether or not the address is taken; the owner learns of the attempt here instead.
  signup_attempt: {
    subject: 'Someone tried to sign up for {product} with your email address',
    body: [
      'Someone tried to create a {product} account with this address, which already has one. If it was you, sign in instead, or reset your password if you forgot it.',
    ],
    footer: 'If it was not you, ignore this email: your account is unchanged.',
  },
  account_deleted: {
    subject: 'Your {product} account was deleted',
    body: ['Your {product} account and the data stored with it were deleted.'],
    footer: 'If you did not ask for this, someone else could sign in to your account.',
  },
}
