/**
 * The cross-origin front end's script (bundled by front-end-server.ts): the typed client in
 * cookie mode against the worker on another origin of the same site, as an app developed on
 * `http://localhost:5173` against `http://localhost:8787` would use it. The test drives it
 * through `window.frontEnd`.
 */
import { createAuthClient } from '../../../src/client.ts'

// Browser code: type-checked with the demo's DOM library (tsconfig.demo.json).
const workerUrl = new URLSearchParams(location.search).get('worker') ?? ''
const auth = createAuthClient({ baseUrl: workerUrl, mode: 'cookie' })

/** Each answers the signed-in email, or the error's code (plain data: it crosses into the test). */
const settle = (work: Promise<{ user: { email: string } } | { email: string }>) =>
  work.then(
    (value) => ({ ok: true, email: 'user' in value ? value.user.email : value.email }),
    (error: { code?: string }) => ({ ok: false, code: error.code ?? String(error) }),
  )

Object.assign(window, {
  frontEnd: {
    register: (email: string, password: string) =>
      settle(
        auth.register({ email, password }).then((result) => {
          if ('status' in result) throw { code: result.status } // not with this stack's settings
          return result
        }),
      ),
    login: (email: string, password: string) => settle(auth.login({ email, password })),
    refresh: () => settle(auth.refresh()),
    me: () => settle(auth.me()),
  },
})
