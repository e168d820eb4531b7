/**
 * The two-factor card: turn TOTP on (the password, then a secret shown as a QR code and as text,
 * then a code from the app), the ten recovery codes shown once, new recovery codes, turn it off.
 */
import { type Profile, unwrap } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { askPassword } from './password-prompt.ts'
import { qrCodeSvg } from './qr-code.ts'
import { onSubmit, run } from './run.ts'
import { byId, element, setText, takeValue } from './view.ts'

/** Shows TOTP as on or off (the profile's `factors`). */
export function renderTwoFactor(profile: Profile): void {
  const on = profile.factors.includes('totp')
  setText('totp-status', on ? 'On: sign-ins ask for a code from your app.' : 'Off.')
  byId('totp-start').hidden = on
  byId('totp-disable').hidden = !on
  byId('totp-new-codes').hidden = !on
  if (on) byId('totp-setup').hidden = true
}

function showRecoveryCodes(codes: string[]): void {
  byId('recovery-codes').replaceChildren(...codes.map((code) => element('li', code)))
  byId('recovery-card').hidden = false
}

/** Wires turning TOTP on and off and the recovery codes. */
export function setupTwoFactor(demo: Demo): void {
  const { api } = demo.auth
  byId('totp-start').addEventListener('click', async () => {
    const answer = await askPassword({
      title: 'Turn on two-step verification',
      text: 'Enter your password to start.',
      confirmLabel: 'Continue',
    })
    if (!answer?.currentPassword) return
    const json = { currentPassword: answer.currentPassword }
    void run('TOTP setup', async () => {
      const { secret, uri } = await unwrap(api.auth.mfa.totp.setup.$post({ json }))
      byId('totp-qr').replaceChildren(qrCodeSvg(uri, 'QR code for your authenticator app'))
      setText('totp-secret', secret.replace(/(.{4})/g, '$1 ').trim())
      byId('totp-setup').hidden = false
      byId('totp-start').hidden = true
      byId<HTMLInputElement>('totp-code').focus()
      return 'TOTP pending: scan the code, then confirm with a code from the app'
    })
  })
  onSubmit(byId('totp-confirm-form'), () => {
    const code = takeValue('totp-code')
    void run('TOTP confirm', async () => {
      const { recoveryCodes } = await unwrap(api.auth.mfa.totp.confirm.$post({ json: { code } }))
      byId('totp-setup').hidden = true
      showRecoveryCodes(recoveryCodes)
      await demo.loadAccount()
      return 'TOTP is on; ten recovery codes are shown once'
    })
  })
  byId('recovery-done').addEventListener('click', () => {
    byId('recovery-codes').replaceChildren()
    byId('recovery-card').hidden = true
  })
  byId('totp-new-codes').addEventListener('click', async () => {
    const answer = await askPassword({
      title: 'New recovery codes',
      text: 'The old codes stop working. Enter a code from your app, or an unused recovery code.',
      password: false,
      code: true,
    })
    if (!answer?.code && !answer?.recoveryCode) return
    const json = { code: answer.code, recoveryCode: answer.recoveryCode }
    void run('Recovery codes', async () => {
      showRecoveryCodes(
        (await unwrap(api.auth.mfa['recovery-codes'].$post({ json }))).recoveryCodes,
      )
      return 'New recovery codes; the old ones no longer work'
    })
  })
  byId('totp-disable').addEventListener('click', async () => {
    const answer = await askPassword({
      title: 'Turn off two-step verification',
      text: 'Enter your password and a code from your app, or an unused recovery code.',
      code: true,
      confirmLabel: 'Turn off',
    })
    if (!answer?.currentPassword || !(answer.code || answer.recoveryCode)) return
    const { currentPassword, code, recoveryCode } = answer
    const json = { currentPassword, code, recoveryCode }
    void run('TOTP off', async () => {
      await unwrap(api.auth.mfa.totp.$delete({ json }))
      await demo.loadAccount()
      return 'TOTP is off; the recovery codes are gone too'
    })
  })
}
