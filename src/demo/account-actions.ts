/**
 * The account's own actions: resend the verification link (the banner), change the email, download
 * everything stored about the user (GET /auth/account/export), delete the account (after the
 * password, and a code when TOTP is on).
 */
import { unwrap } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { confirmIdentity, withPassword } from './password-prompt.ts'
import { onSubmit, run } from './run.ts'
import { byId, showNotice } from './view.ts'

/** Wires the banner's resend, the email change, the download and the deletion. */
export function setupAccountActions(demo: Demo): void {
  const { auth } = demo
  byId('resend-verification').addEventListener('click', () => {
    const email = auth.state?.user.email ?? ''
    void run('Resend verification', async () => {
      await unwrap(auth.api.auth.email.verify.send.$post({ json: { email } }))
      showNotice(`A new link is on its way to ${email} (at most one a minute).`)
      return 'Verification link requested'
    })
  })
  onSubmit(byId('email-change-form'), async () => {
    const newEmail = byId<HTMLInputElement>('new-email').value
    const answer = await confirmIdentity(
      demo,
      'Change your email',
      'Enter your password.',
      'Send link',
    )
    if (!answer?.currentPassword) return
    const currentPassword = answer.currentPassword
    void run('Change email', async () => {
      await withPassword(answer, async (a) => {
        await unwrap(
          auth.api.auth.email.change.$post({ json: { ...a, newEmail, currentPassword } }),
        )
      })
      showNotice(`We sent a link to ${newEmail}: the change happens when you open it.`)
      return 'Email change requested: a link to the new address, a notice to the old one'
    })
  })
  byId('export').addEventListener('click', () => {
    void run('Export', async () => {
      const data = await unwrap(auth.api.auth.account.export.$get())
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
      const link = Object.assign(document.createElement('a'), {
        href: URL.createObjectURL(blob),
        download: 'edge-auth-account.json',
      })
      link.click()
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
      return 'Your data was downloaded as edge-auth-account.json'
    })
  })
  byId('delete-account').addEventListener('click', async () => {
    const answer = await confirmIdentity(
      demo,
      'Delete your account',
      'This deletes your account and everything stored with it, at once. Enter your password.',
      'Delete my account',
    )
    if (!answer?.currentPassword) return
    const currentPassword = answer.currentPassword
    void run('Delete account', async () => {
      await withPassword(answer, (a) => auth.deleteAccount({ ...a, currentPassword }))
      showNotice('Your account was deleted. A notice went to your address.')
      return 'Account deleted; signed out'
    })
  })
}
