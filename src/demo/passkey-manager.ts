/**
 * The passkeys card: add a passkey (the password and, with TOTP on, a code first; then the
 * browser asks for a fingerprint, a face or a PIN), list them with when they were made and last
 * used, rename one, remove one (the password, and a code with TOTP on).
 */
import { type PasskeySummary, unwrap } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { ago } from './device-text.ts'
import { confirmIdentity, withPassword } from './password-prompt.ts'
import { onSubmit, run } from './run.ts'
import { byId, element, takeValue } from './view.ts'

/** Lists the user's passkeys (GET /auth/passkeys), each with rename and remove. */
export async function loadPasskeys(demo: Demo): Promise<void> {
  const { passkeys } = await unwrap(demo.auth.api.auth.passkeys.$get())
  byId('passkeys').replaceChildren(...passkeys.map((passkey) => passkeyItem(demo, passkey)))
  byId('no-passkeys').hidden = passkeys.length > 0
}

function passkeyItem(demo: Demo, passkey: PasskeySummary): HTMLLIElement {
  const { api } = demo.auth
  const item = element('li', '', { 'data-passkey-id': passkey.id })
  const name = element('input', '', { 'aria-label': 'Passkey name', maxlength: '64' })
  name.value = passkey.name
  const used = passkey.lastUsedAt
    ? `last used ${ago(Date.parse(passkey.lastUsedAt), Date.now())}`
    : 'never used'
  const details = `added ${new Date(passkey.createdAt).toLocaleDateString()} · ${used}${passkey.backedUp ? ' · synced' : ''}`
  const rename = element('button', 'Rename', { type: 'button', class: 'secondary' })
  const remove = element('button', 'Remove', { type: 'button', class: 'secondary' })
  item.append(name, rename, remove, element('small', details))
  const param = { id: passkey.id }
  rename.addEventListener('click', () => {
    void run('Rename passkey', async () => {
      await unwrap(api.auth.passkeys[':id'].$patch({ param, json: { name: name.value } }))
      await loadPasskeys(demo)
      return `Passkey renamed to ${name.value.trim()}`
    })
  })
  remove.addEventListener('click', async () => {
    const answer = await confirmIdentity(
      demo,
      `Remove the passkey “${passkey.name}”`,
      'Enter your password. The passkey stays on the device, but it no longer signs you in here.',
      'Remove',
    )
    if (!answer?.currentPassword) return
    const currentPassword = answer.currentPassword
    void run('Remove passkey', async () => {
      await withPassword(answer, async (a) => {
        await unwrap(api.auth.passkeys[':id'].$delete({ param, json: { ...a, currentPassword } }))
      })
      await demo.loadAccount()
      return `Passkey ${passkey.name} removed`
    })
  })
  return item
}

/**
 * Wires "add a passkey": the password (and a code with TOTP on) first, since a passkey signs in
 * without either; then the browser creates it and the service stores it.
 */
export function setupPasskeys(demo: Demo): void {
  onSubmit(byId('passkey-add-form'), async () => {
    const name = takeValue('passkey-name').trim()
    const answer = await confirmIdentity(
      demo,
      'Add a passkey',
      'A passkey signs in without your password. Enter your password to add one.',
      'Continue',
    )
    if (!answer?.currentPassword) return
    const currentPassword = answer.currentPassword
    void run('Add passkey', async () => {
      let added = ''
      await withPassword(answer, async (a) => {
        const input = { ...a, currentPassword, ...(name ? { name } : {}) }
        added = (await demo.auth.registerPasskey(input)).name
      })
      await demo.loadAccount()
      return `Passkey ${added} added: you can sign in with it`
    })
  })
}
