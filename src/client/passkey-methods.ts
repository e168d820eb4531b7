/**
 * Passkeys from the client: the service's options, the browser ceremony (browser-webauthn.ts), the
 * service's verification. Sign-in uses a discoverable credential (no email asked); as the second
 * step of a password login the mfaToken makes the options name that user's passkeys.
 */
import type { AuthClient, ClientCore } from './auth-client.ts'
import type { AuthenticationResponseJSON } from './types.ts'
import { unwrap } from './unwrap.ts'

/** The browser's assertion for a fresh challenge (for `mfaToken`'s user, when given). */
export async function passkeyAssertion(
  core: ClientCore,
  input: { mfaToken?: string } = {},
): Promise<AuthenticationResponseJSON> {
  const options = await unwrap(core.anonymous.auth.passkeys.login.options.$post({ json: input }))
  return core.webauthn.get(options)
}

/** registerPasskey and loginWithPasskey over the client's core and its ceremonies. */
export function passkeyMethods(
  core: ClientCore,
): Pick<AuthClient, 'registerPasskey' | 'loginWithPasskey'> {
  return {
    async registerPasskey({ name, ...reauth }) {
      const options = await unwrap(core.api.auth.passkeys.register.options.$post({ json: reauth }))
      const response = await core.webauthn.create(options)
      const json = name ? { response, name } : { response }
      return (await unwrap(core.api.auth.passkeys.register.$post({ json }))).passkey
    },
    async loginWithPasskey() {
      const response = await passkeyAssertion(core)
      return core.adopt(core.anonymous.auth.passkeys.login.$post({ json: { response } }))
    },
  }
}
