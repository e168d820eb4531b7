/**
 * Turns a Mail into what the Email Service sends: subject, plain-text part and HTML part.
 *
 * Links (OWASP Forgot Password Cheat Sheet, "URL tokens"): built only from APP_URL, never from a
 * request's Host header, so nobody can point a mailed token at their own server. The token rides
 * in the fragment (`/reset-password#token=...`): browsers send neither the fragment to the server
 * (RFC 3986 §3.5) nor in a Referer (Referrer Policy spec, "strip url for use as a referrer"), so
 * it stays out of access logs and third-party requests; the front end reads it and POSTs it, and
 * a GET of the link changes nothing. The HTML has no remote images and no tracking.
 */
import type { Mail } from '../auth/mail.ts'
import type { Config } from '../config.ts'
import { MAIL_CONTENT } from './mail-content.ts'

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

/** Throws a TypeError for a mail it cannot render (an unknown kind, a missing token). */
export function renderMail(mail: Mail, settings: Config['mail']): RenderedMail {
  const content = MAIL_CONTENT[mail.kind]
  if (!content) throw new TypeError('unknown mail kind')
  const product = settings.from.name
  const newEmail = 'newEmail' in mail ? mail.newEmail : ''
  // Replacer functions: a `$&` in a value must stay text, not become a replacement pattern.
  const fill = (template: string) =>
    template.replaceAll('{product}', () => product).replaceAll('{newEmail}', () => newEmail)
  const name = greetingName(mail.name)
  const intro = [name ? `Hi ${name},` : 'Hi,', ...content.body.map(fill)]
  const outro = [fill(content.footer), product]
  const action = content.action
  const link = action && linkFor(settings.appUrl, action.path, mail)
  const subject = fill(content.subject)

  // One set of paragraphs, twice: joined as plain text, and escaped into HTML (user text too).
  const text = [...intro, ...(action && link ? [`${action.label}:\n${link}`, ONCE] : []), ...outro]
  const html = [...intro.map(paragraph)]
  if (action && link) {
    html.push(`<p><a href="${escapeHtml(link)}">${action.label}</a></p>`, paragraph(ONCE))
    html.push(paragraph(`If the link does not open, copy it: ${link}`))
  }
  html.push(...outro.map(paragraph))
  return {
    subject,
    text: text.join('\n\n'),
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${html.join('')}</body></html>`,
  }
}

const ONCE = 'The link works once and expires soon.'
const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`

function linkFor(appUrl: string, path: string, mail: Mail): string {
  if (!('token' in mail) || typeof mail.token !== 'string' || !mail.token)
    throw new TypeError('mail without its token')
  return `${appUrl}${path}#token=${encodeURIComponent(mail.token)}`
}

/**
 * The account's name for the greeting, on one line and at most 64 characters; none when it looks
 * like an address or a link. Anyone can sign up with someone else's address and any name, so the
 * name must not be able to add a paragraph or a clickable link to a mail sent in our name.
 */
export function greetingName(name: string | null): string {
  const line = [...(name ?? '').replace(/[\p{C}\s]+/gu, ' ').trim()].slice(0, 64).join('')
  return /[/:@]|\w\.\w{2}/.test(line) ? '' : line.trim()
}

/** The five characters that matter in HTML text and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
