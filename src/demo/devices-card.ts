/**
 * The devices card: every live session of the user (GET /auth/sessions), this one marked, each
 * other with a button that ends it (DELETE /auth/sessions/{id}: its refresh token and its access
 * tokens stop at once), and "sign out everywhere else" (POST /auth/logout?scope=others).
 */
import { unwrap } from '../client.ts'
import type { Demo } from './demo-context.ts'
import { type DeviceSession, deviceDetails, deviceName } from './device-text.ts'
import { run } from './run.ts'
import { byId, element } from './view.ts'

/** Lists the live sessions (GET /auth/sessions), most recently used first. */
export async function loadDevices(demo: Demo): Promise<void> {
  const { sessions } = await unwrap(demo.auth.api.auth.sessions.$get())
  const list = byId('sessions')
  list.replaceChildren(...sessions.map((session) => deviceItem(demo, session)))
  byId('logout-others').hidden = sessions.length < 2
}

function deviceItem(demo: Demo, session: DeviceSession): HTMLLIElement {
  const item = element('li', '', { 'data-session-id': session.id })
  const title = element('strong', deviceName(session.userAgent))
  item.append(title)
  if (session.current) item.append(element('span', 'this device', { class: 'badge' }))
  if (session.userAgent) item.title = session.userAgent
  if (!session.current) {
    const end = element('button', 'Sign out', { type: 'button', class: 'secondary' })
    end.addEventListener('click', () => {
      void run('End session', async () => {
        await unwrap(demo.auth.api.auth.sessions[':id'].$delete({ param: { id: session.id } }))
        await loadDevices(demo)
        return `Ended the session of ${deviceName(session.userAgent)}: its next refresh fails`
      })
    })
    item.append(end)
  }
  item.append(element('small', deviceDetails(session, Date.now())))
  return item
}

/** Wires "sign out everywhere else" and the list's reload. */
export function setupDevices(demo: Demo): void {
  byId('logout-others').addEventListener('click', () => {
    void run('Sign out everywhere else', async () => {
      await unwrap(demo.auth.api.auth.logout.$post({ query: { scope: 'others' }, json: {} }))
      await loadDevices(demo)
      return 'Signed out every other session; this one lives on'
    })
  })
  byId('load-devices').addEventListener('click', () => {
    void run('Devices', async () => {
      await loadDevices(demo)
      return 'Device list loaded from GET /auth/sessions'
    })
  })
}
