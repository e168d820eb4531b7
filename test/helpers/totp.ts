/** An authenticator app for tests: the code for a base32 secret at a moment (RFC 6238). */
import { base32Decode } from '../../src/auth/totp/base32.ts'
import { generateTotp, stepAt } from '../../src/auth/totp/totp-code.ts'
import { postJson, type TestApp } from './app.ts'

export async function codeAt(secret: string, ms: number = Date.now()): Promise<string> {
  const bytes = base32Decode(secret)
  if (!bytes) throw new Error('not a base32 secret')
  return generateTotp(bytes, stepAt(ms))
}

/** Turns TOTP on for a signed-in user; the secret and the recovery codes. */
export async function enrolTotp(app: TestApp, token: string, password: string) {
  const headers = { authorization: `Bearer ${token}` }
  const setup = await postJson(app, '/auth/mfa/totp/setup', { currentPassword: password }, headers)
  if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${await setup.text()}`)
  const { secret, uri } = (await setup.json()) as { secret: string; uri: string }
  const code = await codeAt(secret)
  const confirm = await postJson(app, '/auth/mfa/totp/confirm', { code }, headers)
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${await confirm.text()}`)
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] }
  return { secret, uri, recoveryCodes }
}
