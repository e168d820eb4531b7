/**
 * Users with a second factor, enrolled through the service's own API as a person would: a new
 * account (its register answer carries an access token), then TOTP setup and confirm with a
 * code from the secret, or passkey options and a registration signed by a software passkey.
 */
import type { Credentials } from './request-source.ts'
import { mapLimit, postJson } from './seed.ts'
import { createPasskey, type PasskeyCeremony, type SoftPasskey } from './soft-passkey.ts'
import { codesFor, stepOf } from './totp-codes.ts'

/** A user with TOTP on: the secret setup answered, and the step its confirming code used. */
export interface TotpEnrolment extends Credentials {
  secret: string
  lastStep: number
}

type Post = (path: string, body: unknown, token?: string) => Promise<Record<string, unknown>>

/** POSTs to the service and throws unless the answer is `expected`. */
function poster(baseUrl: string, expected: number): Post {
  return async (path, body, token) => {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
    const { status, json } = await postJson(`${baseUrl}${path}`, body, auth)
    if (status !== expected) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`)
    return json
  }
}

/** Registers `user` and answers the access token of the session registration starts. */
async function registered(baseUrl: string, user: Credentials): Promise<string> {
  const { token } = await poster(baseUrl, 201)('/auth/register', user)
  if (typeof token !== 'string') throw new Error(`register ${user.email}: no token`)
  return token
}

/** New accounts with TOTP confirmed (RFC 6238 codes from the secret setup answers). */
export function enrolTotp(baseUrl: string, users: Credentials[]): Promise<TotpEnrolment[]> {
  const ok = poster(baseUrl, 200)
  return mapLimit(users, 4, async (user) => {
    const token = await registered(baseUrl, user)
    const { secret } = await ok('/auth/mfa/totp/setup', { currentPassword: user.password }, token)
    if (typeof secret !== 'string') throw new Error('TOTP setup answered no secret')
    const step = stepOf(Date.now())
    const code = codesFor(secret, step, step)[step]
    await ok('/auth/mfa/totp/confirm', { code }, token)
    return { ...user, secret, lastStep: step }
  })
}

/** New accounts with one software passkey each, registered through the WebAuthn ceremony. */
export function enrolPasskeys(
  baseUrl: string,
  users: Credentials[],
  ceremony: PasskeyCeremony,
): Promise<SoftPasskey[]> {
  const ok = poster(baseUrl, 200)
  return mapLimit(users, 4, async (user) => {
    const token = await registered(baseUrl, user)
    const options = await ok(
      '/auth/passkeys/register/options',
      { currentPassword: user.password },
      token,
    )
    const { passkey, response } = createPasskey(
      options as { challenge: string; user: { id: string } },
      ceremony,
    )
    await poster(baseUrl, 201)('/auth/passkeys/register', { response, name: 'bench' }, token)
    return passkey
  })
}
