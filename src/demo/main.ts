/**
 * The demo page (public/index.html): the typed client in cookie mode, as a browser app would use
 * it. The refresh token lives in an HttpOnly cookie this script cannot read; the access token
 * stays in memory, so on load the page asks for a refresh and a reload keeps the user signed in.
 * Bundled to public/demo.js by scripts/build-assets.ts.
 */
import { AuthClientError, createAuthClient } from '../client.ts'
import { describeError } from './messages.ts'
import {
  byId,
  log,
  renderExpiry,
  renderProfile,
  renderSession,
  setBusy,
  showError,
} from './view.ts'

const auth = createAuthClient({ baseUrl: location.origin, mode: 'cookie', onChange: renderSession })

/** Runs one user action: busy while it runs, its failure shown as a readable message. */
async function run(label: string, action: () => Promise<string>): Promise<void> {
  showError(null)
  setBusy(true)
  try {
    log(await action())
  } catch (error) {
    showError(describeError(error))
    log(`${label} failed: ${error instanceof AuthClientError ? error.code : 'error'}`)
  } finally {
    setBusy(false)
  }
}

async function loadProfile(): Promise<void> {
  renderProfile(await auth.me())
}

function onSubmit(event: SubmitEvent): void {
  event.preventDefault()
  const submitter = event.submitter as HTMLButtonElement | null
  const email = byId<HTMLInputElement>('email').value
  const password = byId<HTMLInputElement>('password')
  const name = byId<HTMLInputElement>('name').value.trim()
  if (submitter?.value === 'register') {
    void run('Register', async () => {
      await auth.register({ email, password: password.value, ...(name ? { name } : {}) })
      password.value = ''
      await loadProfile()
      return `Registered ${email}; the refresh token is now in an HttpOnly cookie`
    })
  } else {
    void run('Log in', async () => {
      await auth.login({ email, password: password.value })
      password.value = ''
      await loadProfile()
      return `Logged in as ${email}`
    })
  }
}

/** On load: the cookie (if any) gives a new access token; a 401 just means signed out. */
async function restore(): Promise<void> {
  setBusy(true)
  try {
    await auth.refresh()
    await loadProfile()
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

byId<HTMLFormElement>('auth-form').addEventListener('submit', onSubmit)
byId('refresh').addEventListener('click', () => {
  void run('Refresh', async () => {
    await auth.refresh()
    return 'Refreshed: new access token, and the cookie was rotated'
  })
})
byId('me').addEventListener('click', () => {
  void run('GET /auth/me', async () => {
    await loadProfile()
    return 'Profile loaded from GET /auth/me'
  })
})
byId('logout').addEventListener('click', () => {
  void run('Log out', async () => {
    await auth.logout()
    return 'Logged out: the session is ended and the cookie cleared'
  })
})
setInterval(() => renderExpiry(auth.state), 1000)
void restore()
