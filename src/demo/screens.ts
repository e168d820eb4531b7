/**
 * Which part of the page is showing: one screen at a time. Signing in or out moves between
 * `signed-in` and `signed-out`; the second step of a login and the mailed links' pages stay up
 * until they finish, whatever the session does meanwhile.
 */
import type { AuthState } from '../client.ts'
import { byId, renderProfile, renderToken, setText } from './view.ts'

export type Screen = 'signed-out' | 'mfa-step' | 'forgot' | 'link-page' | 'signed-in'
const SCREENS: Screen[] = ['signed-out', 'mfa-step', 'forgot', 'link-page', 'signed-in']

let current: Screen | 'loading' = 'loading'

/** Shows `screen` and hides the others. */
export function showScreen(screen: Screen): void {
  current = screen
  for (const id of SCREENS) byId(id).hidden = id !== screen
}

/** The client's onChange: the status line, the token, and the screen a session implies. */
export function renderSession(state: AuthState | null): void {
  setText('status', state ? `Signed in as ${state.user.email}` : 'Signed out')
  if (state) {
    renderToken(state)
    showScreen('signed-in')
  } else {
    renderProfile(null)
    if (current === 'signed-in' || current === 'loading') showScreen('signed-out')
  }
}
