import { describe, expect, it } from 'vitest'
import type { Mail, MailKind } from '../../src/auth/mail.ts'
import { escapeHtml, greetingName, renderMail } from '../../src/mail/render-mail.ts'

const settings = {
  appUrl: 'https://app.example.com',
  from: { name: 'Acme Login', email: 'auth@acme.example' },
}
const TOKEN = 'tok_Abc-123_xyz'
const to = 'ada@example.com'

/** One mail of every kind; the `satisfies` fails to compile when a kind is added and not here. */
const MAILS = {
  verify_email: { kind: 'verify_email', to, name: 'Ada', token: TOKEN },
  reset_password: { kind: 'reset_password', to, name: 'Ada', token: TOKEN },
  confirm_email_change: { kind: 'confirm_email_change', to, name: 'Ada', token: TOKEN },
  email_change_requested: {
    kind: 'email_change_requested',
    to,
    name: 'Ada',
    newEmail: 'new@example.org',
  },
  email_changed: { kind: 'email_changed', to, name: 'Ada', newEmail: 'new@example.org' },
  password_changed: { kind: 'password_changed', to, name: 'Ada' },
  passkey_added: { kind: 'passkey_added', to, name: 'Ada' },
  signup_attempt: { kind: 'signup_attempt', to, name: 'Ada' },
  account_deleted: { kind: 'account_deleted', to, name: 'Ada' },
} as const satisfies { [K in MailKind]: Extract<Mail, { kind: K }> }

const LINKS: Partial<Record<MailKind, string>> = {
  verify_email: `https://app.example.com/verify-email#token=${TOKEN}`,
  reset_password: `https://app.example.com/reset-password#token=${TOKEN}`,
  confirm_email_change: `https://app.example.com/confirm-email#token=${TOKEN}`,
}

/** Every http(s) URL in a part, and every href. */
const urlsIn = (part: string) => [
  ...(part.match(/https?:\/\/[^\s"<>]+/g) ?? []),
  ...[...part.matchAll(/href="([^"]*)"/g)].map((m) => m[1]),
]

describe('renderMail', () => {
  it.each(Object.values(MAILS))('$kind: a subject, a text part and an HTML part', (mail) => {
    const out = renderMail(mail, settings)
    expect(out.subject).toContain('Acme Login')
    expect(out.subject).not.toMatch(/[\r\n]/)
    expect(out.text).toMatch(/^Hi Ada,\n\n/)
    expect(out.text).toContain('Acme Login')
    expect(out.html).toMatch(/^<!doctype html><html lang="en"><head><meta charset="utf-8">/)
    expect(out.html).toContain('<p>Hi Ada,</p>')
    // No remote images, scripts, styles or tracking pixels: nothing loads when the mail opens.
    expect(out.html).not.toMatch(/<(img|script|link|iframe|style)\b|src=|url\(/i)
    const link = LINKS[mail.kind]
    const urls = [...urlsIn(out.text), ...urlsIn(out.html)]
    if (link) {
      expect(out.text).toContain(`\n${link}\n`)
      expect(out.html).toContain(`<a href="${link}">`)
      expect(urls.every((url) => url === link)).toBe(true)
    } else {
      expect(urls).toEqual([])
    }
  })

  it('says what happened in each subject', () => {
    const subjects = Object.fromEntries(
      Object.values(MAILS).map((mail) => [mail.kind, renderMail(mail, settings).subject]),
    )
    expect(subjects).toEqual({
      verify_email: 'Confirm your email address for Acme Login',
      reset_password: 'Reset your Acme Login password',
      confirm_email_change: 'Confirm the new email address of your Acme Login account',
      email_change_requested: 'The email address of your Acme Login account is changing',
      email_changed: 'The email address of your Acme Login account was changed',
      password_changed: 'Your Acme Login password was changed',
      passkey_added: 'A passkey was added to your Acme Login account',
      signup_attempt: 'Someone tried to sign up for Acme Login with your email address',
      account_deleted: 'Your Acme Login account was deleted',
    })
  })

  it('puts the token only in the fragment, under APP_URL, whatever characters it has', () => {
    const token = 'a/b?c=d&e#f'
    const { text, html } = renderMail({ ...MAILS.reset_password, token }, settings)
    const link = text.split('\n').find((line) => line.startsWith('https://')) ?? ''
    const url = new URL(link)
    expect(url.origin + url.pathname + url.search).toBe('https://app.example.com/reset-password')
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe(token)
    expect(html).toContain(`href="${escapeHtml(link)}"`)
  })

  it('builds links from a loopback APP_URL in local development', () => {
    const local = { ...settings, appUrl: 'http://127.0.0.1:8787' }
    expect(renderMail(MAILS.verify_email, local).text).toContain(
      `http://127.0.0.1:8787/verify-email#token=${TOKEN}`,
    )
  })

  it('escapes a hostile name and a hostile new email in HTML, and keeps them out of subjects', () => {
    // No slash: a name with one is dropped from the greeting (below), so it would prove nothing.
    const name = '<script>alert("x") & <b onclick=alert(1)>Co'
    const newEmail = `"><img src=x onerror=alert(1)>@evil.example`
    for (const mail of Object.values(MAILS)) {
      const out = renderMail(
        { ...mail, name, ...('newEmail' in mail ? { newEmail } : {}) },
        settings,
      )
      expect(out.html).not.toMatch(/<(script|img|b)\b|alert\(1\)>/)
      expect(out.html).toContain(
        '<p>Hi &#60;script&#62;alert(&#34;x&#34;) &#38; &#60;b onclick=alert(1)&#62;Co,</p>',
      )
      expect(out.subject).not.toContain('script')
      if ('newEmail' in mail) {
        expect(out.html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;@evil.example')
        expect(out.text).toContain(newEmail) // plain text needs no escaping
        expect(out.subject).not.toContain('evil')
      }
    }
  })

  it('keeps a `$&` in user text as text', () => {
    const out = renderMail(
      { ...MAILS.email_change_requested, newEmail: "$&$'$`@example.org" },
      settings,
    )
    expect(out.text).toContain("to $&$'$`@example.org.")
  })

  it('greets without the name when the name could add a line or a link', () => {
    expect(greetingName(null)).toBe('')
    expect(greetingName('  Ada   Lovelace ')).toBe('Ada Lovelace')
    expect(greetingName('Ada\n\nYour account is locked')).toBe('Ada Your account is locked')
    expect(greetingName('x'.repeat(100))).toHaveLength(64)
    for (const name of ['visit https://evil.example', 'evil.example', 'me@evil.example', 'a/b'])
      expect(greetingName(name)).toBe('')
    expect(greetingName('J. R. R. Tolkien')).toBe('J. R. R. Tolkien')
    const out = renderMail({ ...MAILS.verify_email, name: 'Go to evil.example now' }, settings)
    expect(out.text).toMatch(/^Hi,\n\n/)
    expect(out.text).not.toContain('evil')
  })

  it('refuses a mail it cannot render: an unknown kind, a token kind without its token', () => {
    expect(() =>
      renderMail({ ...MAILS.password_changed, kind: 'nope' } as never, settings),
    ).toThrow(TypeError)
    const { token: _, ...tokenless } = MAILS.reset_password
    expect(() => renderMail(tokenless as never, settings)).toThrow(TypeError)
  })
})
