/**
 * The demo page (public/index.html): the typed client in cookie mode, as a browser app would use
 * it. The refresh token lives in an HttpOnly cookie this script cannot read; the access token
 * stays in memory, so on load the page asks for a refresh and a reload keeps the user signed in.
 * Each card of the page is one module here. Bundled to public/demo.js by scripts/build-assets.ts.
 */
import { AuthClientError, createAuthClient, type Profile } from '../client.ts'
import { setupAccountActions } from './account-actions.ts'
import type { Demo } from './demo-context.ts'
import { loadDevices, setupDevices } from './devices-card.ts'
import { mailedLinkOf } from './mailed-link-path.ts'
import { openMailedLink } from './mailed-links.ts'
import { describeError } from './messages.ts'
import { loadPasskeys, setupPasskeys } from './passkey-manager.ts'
import { run } from './run.ts'
import { renderSession } from './screens.ts'
import { setupSignIn } from './sign-in.ts'
import { renderTwoFactor, setupTwoFactor } from './two-factor.ts'
import { byId, log, renderExpiry, renderProfile, setBusy, showError, showNotice } from './view.ts'

const auth = createAuthClient({ baseUrl: location.origin, mode: 'cookie', onChange: renderSession })
let profile: Profile | null = null

const demo: Demo = {
  auth,
  get profile() {
    return profile
  },
  async loadAccount() {
    profile = await auth.me()
    renderProfile(profile)
    renderTwoFactor(profile)
    await Promise.all([loadDevices(demo), loadPasskeys(demo)])
  },
}

/** On load: the cookie (if any) gives a new access token; a 401 just means signed out. */
async function restore(): Promise<void> {
  setBusy(true)
  try {
    await auth.refresh()
    await demo.loadAccount()
    log('Session restored from the refresh cookie')
  } catch (error) {
    renderSession(null)
    if (error instanceof AuthClientError && error.status === 401)
      log('No session cookie: signed out')
    else showError(describeError(error))
  } finally {
    setBusy(false)
  }
}

function setupSession(): void {
  byId('refresh').addEventListener('click', () => {
    void run('Refresh', async () => {
      await auth.refresh()
      return 'Refreshed: new access token, and the cookie was rotated'
    })
  })
  byId('me').addEventListener('click', () => {
    void run('GET /auth/me', async () => {
      await demo.loadAccount()
      return 'Profile loaded from GET /auth/me'
    })
  })
  byId('logout').addEventListener('click', () => {
    showNotice(null)
    void run('Log out', async () => {
      await auth.logout()
      return 'Logged out: the session is ended and the cookie cleared'
    })
  })
}

setupSession()
setupSignIn(demo)
setupDevices(demo)
setupTwoFactor(demo)
setupPasskeys(demo)
setupAccountActions(demo)
setInterval(() => renderExpiry(auth.state), 1000)

// A mailed link's page uses its token first; any other page restores the session, if there is one.
const link = mailedLinkOf(location)
if (link) openMailedLink(demo, link)
else {
  if (location.pathname !== '/') {
    history.replaceState(null, '', '/')
    showError('This link is incomplete: open it again from the mail, or ask for a new one.')
  }
  void restore()
}
