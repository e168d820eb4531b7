/**
 * Mail that `wrangler dev` captured instead of sending, for the dev console and the browser test.
 *
 * For `env.EMAIL.send({from, to, subject, text, html})` (the Email Service builder form),
 * wrangler's simulation (miniflare's SendEmailBinding, wrangler 4.156) does three things: it
 * prints `send_email binding called with MessageBuilder:` with From, To, Subject and two paths;
 * it writes the parts to `.wrangler/tmp/email/<miniflare session>/email-text/<id>.txt` and
 * `email-html/<id>.html` (headers nowhere; the session directory goes when wrangler stops); and
 * it records the message in the Local Explorer, whose JSON API on the dev server itself
 * (EXPLORER_MAIL_PATH) gives recipient, subject and both parts. No .eml exists in this form: that
 * is only written for a raw MIME `EmailMessage`. Local only: production has none of this.
 */
export const CAPTURED_MAIL_DIR = '.wrangler/tmp/email'
export const EXPLORER_MAIL_PATH = '/cdn-cgi/local/explorer/api/local/email/sending'

/** One captured mail; `links` are the http(s) URLs of its text part, in order. */
export interface CapturedMail {
  id: string
  from: string
  to: string[]
  subject: string
  sentAt: string
  text: string
  html: string
  links: string[]
}

export type CapturedMailSummary = Omit<CapturedMail, 'text' | 'html' | 'links'>

interface ExplorerEmail {
  messageId: string
  from: string
  to: string[]
  subject: string
  sentAt: string
  text?: string
  html?: string
}

/** The id the files and the API share: the Message-ID without its angle brackets. */
const idOf = (messageId: string) => messageId.replace(/^<|>$/g, '')

/** The captured mail of an explorer detail answer (`?email_id=`). */
export function parseCapturedMail(answer: unknown): CapturedMail {
  const email = explorerResult(answer) as ExplorerEmail
  const text = email.text ?? ''
  return { ...summaryOf(email), text, html: email.html ?? '', links: mailLinks(text) }
}

/** The http(s) URLs in a text part, in order, each once. */
export function mailLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])]
}

/** Every mail this `wrangler dev` captured, newest first (only `worker`'s, when given). */
export async function listCapturedMail(
  workerUrl: string,
  worker?: string,
): Promise<CapturedMailSummary[]> {
  const mails: CapturedMailSummary[] = []
  let cursor: string | undefined
  do {
    const query = new URLSearchParams({ per_page: '100' })
    if (worker) query.set('worker', worker)
    if (cursor) query.set('cursor', cursor)
    const answer = (await getJson(workerUrl, query)) as { result_info?: { cursor?: string } }
    mails.push(...(explorerResult(answer) as ExplorerEmail[]).map(summaryOf))
    cursor = answer.result_info?.cursor || undefined
  } while (cursor)
  return mails
}

/** One captured mail with its parts, by the id of its files (`<id>.txt`). */
export async function readCapturedMail(workerUrl: string, id: string): Promise<CapturedMail> {
  return parseCapturedMail(await getJson(workerUrl, new URLSearchParams({ email_id: id })))
}

/**
 * The newest mail to `to` captured at or after `since` (a Date, or epoch ms), once it exists.
 * Rejects after `timeoutMs`. Mail goes through a queue first: expect a second or two.
 */
export async function waitForMail(
  workerUrl: string,
  match: { to: string; since?: Date | number; subject?: RegExp },
  timeoutMs = 10_000,
): Promise<CapturedMail> {
  const since = match.since === undefined ? 0 : Number(match.since)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = (await listCapturedMail(workerUrl)).find(
      (mail) =>
        mail.to.includes(match.to) &&
        Date.parse(mail.sentAt) >= since &&
        (!match.subject || match.subject.test(mail.subject)),
    )
    if (found) return readCapturedMail(workerUrl, found.id)
    if (Date.now() > deadline) throw new Error(`no mail to ${match.to} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function summaryOf(email: ExplorerEmail): CapturedMailSummary {
  const { messageId, from, to, subject, sentAt } = email
  return { id: idOf(messageId), from, to, subject, sentAt }
}

function explorerResult(answer: unknown): unknown {
  const { success, result } = answer as { success?: boolean; result?: unknown }
  if (success !== true || result === undefined)
    throw new Error(`the Local Explorer answered ${JSON.stringify(answer).slice(0, 200)}`)
  return result
}

async function getJson(workerUrl: string, query: URLSearchParams): Promise<unknown> {
  // Without it the explorer also lists the mail of every other `wrangler dev` on the machine
  // (its dev registry), such as `npm run dev` beside the browser test's own.
  const headers = { 'X-Miniflare-Explorer-No-Aggregate': '1' }
  const res = await fetch(new URL(`${EXPLORER_MAIL_PATH}?${query}`, workerUrl), { headers })
  if (!res.ok) throw new Error(`the Local Explorer answered ${res.status} (wrangler dev only)`)
  return res.json()
}
