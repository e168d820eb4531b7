/**
 * Asking again before a sensitive change (delete the account, turn TOTP on or off, remove a
 * passkey, change the email): the password, and a code from the app when TOTP is on. A modal
 * <dialog>, so the page's CSP needs no inline script or style.
 */
import { isMfaRequired } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { secondFactorOf } from './second-factor-input.ts'
import { byId, setText } from './view.ts'

export interface PromptOptions {
  title: string
  text: string
  /** Ask for the password (default true). */
  password?: boolean
  /** Ask for a code from the authenticator app or a recovery code. */
  code?: boolean
  confirmLabel?: string
}

/** What the user typed: the fields of a body such as DELETE /auth/account's. */
export interface PromptAnswer {
  currentPassword?: string
  code?: string
  recoveryCode?: string
}

/** Shows the dialog; resolves with the answer, or null when cancelled. */
export function askPassword(options: PromptOptions): Promise<PromptAnswer | null> {
  const dialog = byId<HTMLDialogElement>('prompt')
  const password = byId<HTMLInputElement>('prompt-password')
  const code = byId<HTMLInputElement>('prompt-code')
  const wantsPassword = options.password ?? true
  setText('prompt-title', options.title)
  setText('prompt-text', options.text)
  setText('prompt-confirm', options.confirmLabel ?? 'Confirm')
  byId('prompt-password-label').hidden = !wantsPassword
  byId('prompt-code-label').hidden = !options.code
  password.required = wantsPassword
  code.required = options.code === true
  password.value = ''
  code.value = ''
  dialog.returnValue = ''
  dialog.showModal()
  ;(wantsPassword ? password : code).focus()
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        const answer: PromptAnswer = {}
        if (wantsPassword) answer.currentPassword = password.value
        if (options.code) Object.assign(answer, secondFactorOf(code.value))
        password.value = ''
        code.value = ''
        resolve(dialog.returnValue === 'confirm' ? answer : null)
      },
      { once: true },
    )
  })
}

/** Asks for the password (and a code when TOTP is on); null when the user cancels. */
export function confirmIdentity(demo: Demo, title: string, text: string, confirmLabel: string) {
  const code = demo.profile?.factors.includes('totp') ?? false
  return askPassword({
    title,
    text: code ? `${text} And a code from your app.` : text,
    code,
    confirmLabel,
  })
}

/** Runs a change that re-checks the password; when the server wants a code too, asks once more. */
export async function withPassword(
  answer: PromptAnswer,
  send: (answer: PromptAnswer) => Promise<void>,
) {
  try {
    await send(answer)
  } catch (error) {
    if (!isMfaRequired(error)) throw error
    const more = await askPassword({
      title: 'A code is needed',
      text: 'Enter a code from your app.',
      password: false,
      code: true,
    })
    if (!more) throw error
    await send({ ...answer, ...more })
  }
}
