/**
 * The pages the service's mails link to (APP_URL + path + `#token=`): choose a new password,
 * confirm an address, confirm a new address. The token rides in the fragment, which browsers
 * never send to a server nor put in a Referer; the page takes it, drops it from the address bar
 * and the history, and POSTs it only when the user clicks. Opening the link alone changes
 * nothing: a mail scanner that follows links and even runs their scripts neither uses the link
 * up nor gets its session (OWASP Forgot Password Cheat Sheet: the token is used by a user action).
 */
import { isMfaRequired } from '../client.ts'
import type { Demo } from './demo-context.ts'
import type { MailedLink } from './mailed-link-path.ts'
import { onSubmit, run } from './run.ts'
import { showScreen } from './screens.ts'
import { secondFactorOf } from './second-factor-input.ts'
import { byId, setText, showNotice, takeValue } from './view.ts'

/** Shows the link's page; the link is used only by its button. */
export function openMailedLink(demo: Demo, link: MailedLink): void {
  // The token leaves the address bar: a screenshot, a shared screen or the history keeps none.
  history.replaceState(null, '', location.pathname)
  showScreen('link-page')
  byId('reset-card').hidden = link.kind !== 'reset-password'
  byId('verify-card').hidden = link.kind === 'reset-password'
  if (link.kind === 'reset-password') setupReset(demo, link.token)
  else setupAddressLink(demo, link)
}

function setupReset(demo: Demo, token: string): void {
  setText('status', 'Choose a new password')
  byId<HTMLInputElement>('reset-password').focus()
  onSubmit(byId('reset-form'), () => {
    const newPassword = takeValue('reset-password')
    const codeLabel = byId('reset-code-label')
    const typed = codeLabel.hidden ? '' : takeValue('reset-code')
    void run('Reset password', async () => {
      try {
        await demo.auth.resetPassword({
          token,
          newPassword,
          ...(typed ? secondFactorOf(typed) : {}),
        })
      } catch (error) {
        if (!isMfaRequired(error)) throw error
        // Nothing was used up: the same link works again with a code.
        codeLabel.hidden = false
        byId<HTMLInputElement>('reset-code').required = true
        throw new Error(
          'This account has two-step verification: enter the password again with a code from your app (or a recovery code)',
        )
      }
      await signedInFromLink(demo, 'Your new password is set; every other session was signed out.')
      return 'Password reset: signed in with a new session'
    })
  })
}

function setupAddressLink(demo: Demo, link: MailedLink): void {
  const change = link.kind === 'confirm-email'
  setText('status', change ? 'Confirm your new email address' : 'Confirm your email address')
  setText(
    'verify-status',
    change
      ? 'Make this the address you sign in with. Every other session is signed out.'
      : 'Confirm that this address is yours.',
  )
  const button = byId<HTMLButtonElement>('verify-submit')
  button.hidden = false
  button.textContent = change ? 'Confirm the new address' : 'Verify my address'
  button.focus()
  button.addEventListener('click', () => void useAddressLink(demo, link, button), { once: true })
}

async function useAddressLink(
  demo: Demo,
  link: MailedLink,
  button: HTMLButtonElement,
): Promise<void> {
  const change = link.kind === 'confirm-email'
  button.hidden = true
  setText(
    'verify-status',
    change ? 'Confirming your new email address…' : 'Confirming your email address…',
  )
  const ok = await run('Email link', async () => {
    const state = await demo.auth.verifyEmail(link.token)
    const done = change
      ? `Your sign-in email is now ${state.user.email}.`
      : `Your email address ${state.user.email} is verified.`
    await signedInFromLink(demo, done)
    return change ? 'Email change confirmed' : 'Email address verified'
  })
  if (!ok)
    setText('verify-status', 'This link did not work. Ask for a new one from the sign-in page.')
}

/** Back on the main page, signed in, with what happened said above it. */
async function signedInFromLink(demo: Demo, message: string): Promise<void> {
  history.replaceState(null, '', '/')
  showScreen('signed-in')
  await demo.loadAccount()
  showNotice(message)
}
