/**
 * `npm run dev`'s mail console: every mail wrangler's simulation captures is printed at once as
 * `dev: mail to <address>: <subject> <link>`. It runs outside the Worker on purpose: the Worker
 * never logs an address or a link, locally or in production; this reads what wrangler captured
 * on this machine. It watches the capture directory (captured-mail.ts) for each new text part and
 * asks the Local Explorer for the recipient and subject, which the file does not hold.
 */
import { mkdirSync, readFileSync, watch } from 'node:fs'
import { join } from 'node:path'
import { CAPTURED_MAIL_DIR, mailLinks, readCapturedMail } from './captured-mail.ts'

export interface MailConsoleOptions {
  /** The `wrangler dev` origin whose Local Explorer to ask. */
  workerUrl: string
  dir?: string
  print?: (line: string) => void
}

/** Starts watching; the returned function stops. */
export function printCapturedMail(options: MailConsoleOptions): () => void {
  const { workerUrl, dir = CAPTURED_MAIL_DIR, print = console.log } = options
  mkdirSync(dir, { recursive: true })
  const seen = new Set<string>()
  const watcher = watch(dir, { recursive: true }, (_event, file) => {
    // <session>/email-text/<id>.txt: written once per mail, after the explorer has its record.
    const id = file?.match(/(?:^|[/\\])email-text[/\\]([^/\\]+)\.txt$/)?.[1]
    if (!file || !id || seen.has(id)) return
    seen.add(id)
    void describeMail(workerUrl, id, join(dir, file)).then(print)
  })
  watcher.on('error', () => {}) // a session directory removed under the watcher: nothing to do
  return () => watcher.close()
}

/** The console line of one mail; without the explorer, the link from the file still shows. */
export async function describeMail(workerUrl: string, id: string, file: string): Promise<string> {
  try {
    const mail = await readCapturedMail(workerUrl, id)
    return `dev: mail to ${mail.to.join(', ')}: ${mail.subject} ${mail.links[0] ?? ''}`.trimEnd()
  } catch {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {}
    return `dev: mail ${id}: ${mailLinks(text)[0] ?? file}`
  }
}
