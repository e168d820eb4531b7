/**
 * Passkey ceremonies over HTTP for flow tests: creation options for a signed-in user, a passkey
 * registered with the software authenticator, request options and a sign-in.
 */
import { expect } from 'vitest'
import { b64decode } from '../../src/auth/base64.ts'
import { PASSWORD, postJson, registerUser, type TestApp } from './app.ts'
import {
  type SoftAssertionKnobs,
  type SoftCredential,
  type SoftRegistrationKnobs,
  softAssert,
  softRegister,
} from './soft-authenticator.ts'

export const ORIGIN = 'http://localhost:8787'
export const RP_ID = 'localhost'
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export interface CreationOptions {
  challenge: string
  user: { id: string }
  excludeCredentials: unknown[]
  authenticatorSelection: { userVerification: string }
}

/** `POST /auth/passkeys/register/options` after re-authentication (the password by default). */
export async function creationOptions(
  app: TestApp,
  token: string,
  reauth: Record<string, string> = { currentPassword: PASSWORD },
): Promise<CreationOptions> {
  const res = await postJson(app, '/auth/passkeys/register/options', reauth, bearer(token))
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as CreationOptions
}

/** A credential made for `options`, its user handle the one the service chose. */
export async function credentialFor(
  options: CreationOptions,
  knobs: { synced?: boolean } & SoftRegistrationKnobs = {},
) {
  const made = await softRegister(
    { challenge: options.challenge, origin: ORIGIN, rpId: RP_ID },
    knobs,
  )
  made.credential.userHandle = b64decode(options.user.id) ?? new Uint8Array()
  return made
}

/** A signed-in user with one passkey (a software authenticator), ready to sign in. */
export async function withPasskey(app: TestApp, options: { synced?: boolean } = {}) {
  const { email, body } = await registerUser(app)
  const { response, credential } = await credentialFor(
    await creationOptions(app, body.token),
    options,
  )
  const res = await postJson(
    app,
    '/auth/passkeys/register',
    { response, name: 'Laptop' },
    bearer(body.token),
  )
  expect(res.status).toBe(201)
  return { email, body, credential, passkeyId: response.id }
}

export async function requestOptions(app: TestApp, input: Record<string, string> = {}) {
  const res = await postJson(app, '/auth/passkeys/login/options', input)
  expect(res.status).toBe(200)
  return (await res.json()) as {
    challenge: string
    allowCredentials: { id: string }[]
    userVerification: string
  }
}

/** A discoverable sign-in (`POST /auth/passkeys/login`) with fresh request options. */
export async function signInWith(
  app: TestApp,
  credential: SoftCredential,
  knobs: SoftAssertionKnobs = {},
) {
  const { challenge } = await requestOptions(app)
  const response = await softAssert(credential, { challenge, origin: ORIGIN, rpId: RP_ID }, knobs)
  return postJson(app, '/auth/passkeys/login', { response })
}
