/** Registers a passkey for a signed-in user, as a browser would (test/flows/passkeys.test.ts). */
import { PASSWORD, postJson, type TestApp } from './app.ts'
import { softRegister } from './soft-authenticator.ts'

/** The test env's WEBAUTHN_ORIGINS and WEBAUTHN_RP_ID (wrangler.toml). */
const ceremony = { origin: 'http://localhost:8787', rpId: 'localhost' }

/** `reauth`: what the creation options ask for (the password; a code too when TOTP is on). */
export async function registerPasskey(
  app: TestApp,
  token: string,
  reauth: Record<string, string> = { currentPassword: PASSWORD },
  name = 'Laptop',
) {
  const headers = { authorization: `Bearer ${token}` }
  const options = await postJson(app, '/auth/passkeys/register/options', reauth, headers)
  if (options.status !== 200) throw new Error(`options: ${options.status} ${await options.text()}`)
  const { challenge } = (await options.json()) as { challenge: string }
  const { response } = await softRegister({ challenge, ...ceremony })
  const stored = await postJson(app, '/auth/passkeys/register', { response, name }, headers)
  if (stored.status !== 201) throw new Error(`register: ${stored.status} ${await stored.text()}`)
  return { credentialId: response.id }
}
