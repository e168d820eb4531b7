/**
 * Signing in: the password form (register or log in), a passkey, the second step when the
 * account has TOTP on (403 mfa_required: a code, a recovery code or a passkey), and "forgot
 * password", which mails a link to the reset page (mailed-links.ts).
 */
import { AuthClientError, isMfaRequired, unwrap } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { onSubmit, run } from './run.ts'
import { showScreen } from './screens.ts'
import { byId, setText, showNotice, takeValue } from './view.ts'

/** The mfaToken of the login waiting for its second step (single use, 5 minutes). */
let mfaToken: string | null = null

/** Wires the sign-in card, the second step and "forgot password". */
export function setupSignIn(demo: Demo): void {
  const { auth } = demo
  const email = () => byId<HTMLInputElement>('email').value
  onSubmit(byId('auth-form'), (submitter) => {
    // Kept in the field until it worked: a typo is easier to fix than a whole password to retype.
    const passwordField = byId<HTMLInputElement>('password')
    const password = passwordField.value
    if (submitter === 'register') {
      const name = byId<HTMLInputElement>('name').value.trim()
      void run('Register', async () => {
        const result = await auth.register({ email: email(), password, ...(name ? { name } : {}) })
        passwordField.value = ''
        if ('status' in result) {
          // REQUIRE_EMAIL_VERIFICATION=on: no session until the mailed link is opened.
          showNotice(`Check ${email()}: the link in our mail finishes signing you up.`)
          return 'Registration taken: a verification link is mailed (202)'
        }
        await demo.loadAccount()
        return `Registered ${email()}; the refresh token is now in an HttpOnly cookie`
      })
      return
    }
    void run('Log in', async () => {
      try {
        await auth.login({ email: email(), password })
        passwordField.value = ''
      } catch (error) {
        offerResend(error instanceof AuthClientError && error.code === 'email_unverified')
        if (!isMfaRequired(error) || !error.details.mfaToken) throw error
        passwordField.value = ''
        askSecondStep(error.details.mfaToken, error.details.methods)
        return 'Password accepted: the account asks for a second step (403 mfa_required)'
      }
      await demo.loadAccount()
      return `Logged in as ${email()}`
    })
  })
  byId('passkey-login').addEventListener('click', () => {
    void run('Passkey sign-in', async () => {
      const state = await auth.loginWithPasskey()
      await demo.loadAccount()
      return `Signed in with a passkey as ${state.user.email}`
    })
  })
  byId('resend-signup').addEventListener('click', () => {
    void run('Resend verification', async () => {
      await unwrap(auth.api.auth.email.verify.send.$post({ json: { email: email() } }))
      offerResend(false)
      showNotice(`A new link is on its way to ${email()} (at most one a minute).`)
      return 'Verification link requested'
    })
  })
  setupSecondStep(demo)
  setupForgot(demo, email)
}

/** REQUIRE_EMAIL_VERIFICATION=on and the address is unverified: a way to get a new link. */
function offerResend(show: boolean): void {
  byId('resend-signup').hidden = !show
}

function askSecondStep(token: string, methods: string[]): void {
  mfaToken = token
  byId('mfa-passkey').hidden = !methods.includes('webauthn')
  showScreen('mfa-step')
  byId('mfa-code').focus()
}

function setupSecondStep(demo: Demo): void {
  const finish = (
    how: string,
    input: { code: string } | { recoveryCode: string } | { passkey: true },
  ) =>
    run(`Second step (${how})`, async () => {
      if (!mfaToken) throw new Error('Log in again: the second step has expired')
      const state = await demo.auth.completeMfa({ mfaToken, ...input })
      mfaToken = null
      await demo.loadAccount()
      return `Signed in as ${state.user.email} with a ${how}`
    })
  onSubmit(byId('mfa-form'), () => void finish('code', { code: takeValue('mfa-code') }))
  onSubmit(byId('mfa-recovery-form'), () => {
    void finish('recovery code', { recoveryCode: takeValue('mfa-recovery') })
  })
  byId('mfa-passkey').addEventListener('click', () => void finish('passkey', { passkey: true }))
  byId('mfa-cancel').addEventListener('click', () => {
    mfaToken = null
    showScreen('signed-out')
  })
}

function setupForgot(demo: Demo, email: () => string): void {
  byId('show-forgot').addEventListener('click', () => {
    byId<HTMLInputElement>('forgot-email').value = email()
    showScreen('forgot')
  })
  byId('forgot-back').addEventListener('click', () => showScreen('signed-out'))
  onSubmit(byId('forgot-form'), () => {
    const address = byId<HTMLInputElement>('forgot-email').value
    void run('Forgot password', async () => {
      await unwrap(demo.auth.api.auth.password.forgot.$post({ json: { email: address } }))
      // The same answer whether or not the address has an account (no account enumeration).
      setText(
        'forgot-sent',
        `If ${address} has an account, a link to choose a new password is on its way. It works once, for 30 minutes.`,
      )
      byId('forgot-sent').hidden = false
      showNotice(null)
      return 'Reset link requested (202, the same for unknown addresses)'
    })
  })
}
