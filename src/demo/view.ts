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

/** Sets an element's text (never HTML). */
export function setText(id: string, text: string): void {
  byId(id).textContent = text
}

/** The value of an input, and the input emptied (passwords and codes are not left on screen). */
export function takeValue(id: string): string {
  const input = byId<HTMLInputElement>(id)
  const value = input.value
  input.value = ''
  return value
}

/** Creates an element with text and attributes (never innerHTML: every value is user data). */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.textContent = text
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  return node
}

/** Shows a message in the alert box, or hides it with `null`. */
export function showError(message: string | null): void {
  const box = byId('error')
  box.textContent = message ?? ''
  box.hidden = message === null
}

/** A success message above the page (a verified address, a sent link), or none. */
export function showNotice(message: string | null): void {
  const box = byId('notice')
  box.textContent = message ?? ''
  box.hidden = message === null
}

/** Adds a line to the activity list, newest first. */
export function log(message: string): void {
  const list = byId('log')
  list.prepend(element('li', `${new Date().toLocaleTimeString()}  ${message}`))
  while (list.children.length > MAX_LOG_LINES) list.lastElementChild?.remove()
}

/** Disables the buttons while a request runs, so a double click sends one request. */
export function setBusy(busy: boolean): void {
  document.body.toggleAttribute('data-busy', busy)
  for (const button of document.querySelectorAll('button')) button.disabled = busy
}

/** The access token's decoded header and claims, and who it belongs to. */
export function renderToken(state: AuthState): void {
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

/** The answer of GET /auth/me (what only the server knows: name, creation time, factors). */
export function renderProfile(profile: Profile | null): void {
  setText('user-name', profile ? (profile.name ?? '(none)') : '')
  setText('user-created', profile ? new Date(profile.createdAt).toLocaleString() : '')
  setText('user-verified', profile ? (profile.emailVerified ? 'yes' : 'not yet') : '')
  setText('user-factors', profile ? profile.factors.join(', ') || 'password only' : '')
  byId('verify-banner').hidden = !profile || profile.emailVerified
  if (profile) setText('unverified-email', profile.email)
}
