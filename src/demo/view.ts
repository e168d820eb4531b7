/** The demo page's DOM: every element is found by the id index.html gives it (tests use them too). */
import type { AuthState, Profile } from '../client.ts'
import { decodeJwt, describeClaims } from './jwt.ts'

const MAX_LOG_LINES = 12

/** The element with this id; a missing one is a bug in index.html, so say which. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element as T
}

function setText(id: string, text: string): void {
  byId(id).textContent = text
}

/** Shows a message in the alert box, or hides it with `null`. */
export function showError(message: string | null): void {
  const box = byId('error')
  box.textContent = message ?? ''
  box.hidden = message === null
}

/** Adds a line to the activity list, newest first. */
export function log(message: string): void {
  const list = byId('log')
  const item = document.createElement('li')
  item.textContent = `${new Date().toLocaleTimeString()}  ${message}`
  list.prepend(item)
  while (list.children.length > MAX_LOG_LINES) list.lastElementChild?.remove()
}

/** Disables the buttons while a request runs, so a double click sends one request. */
export function setBusy(busy: boolean): void {
  document.body.toggleAttribute('data-busy', busy)
  for (const button of document.querySelectorAll('button')) button.disabled = busy
}

/** Signed in: the user, the access token's decoded header and claims. Signed out: the form. */
export function renderSession(state: AuthState | null): void {
  byId('signed-in').hidden = state === null
  byId('signed-out').hidden = state !== null
  setText('status', state ? `Signed in as ${state.user.email}` : 'Signed out')
  if (!state) {
    renderProfile(null)
    return
  }
  setText('user-email', state.user.email)
  setText('user-id', state.user.id)
  setText('user-role', state.user.role)
  const { header, payload } = decodeJwt(state.token)
  setText('token-header', JSON.stringify(header, null, 2))
  setText('token-payload', JSON.stringify(describeClaims(payload), null, 2))
  renderExpiry(state)
}

/** "expires in 14 min 58 s"; called every second while signed in. */
export function renderExpiry(state: AuthState | null): void {
  if (!state) return
  const seconds = Math.max(0, Math.round((state.expiresAt - Date.now()) / 1000))
  const text = seconds === 0 ? 'expired' : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
  setText('token-expiry', text)
}

/** The answer of GET /auth/me (what only the server knows: name, creation time). */
export function renderProfile(profile: Profile | null): void {
  setText('user-name', profile ? (profile.name ?? '(none)') : '')
  setText('user-created', profile ? new Date(profile.createdAt).toLocaleString() : '')
}
