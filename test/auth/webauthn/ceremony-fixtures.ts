/** What the WebAuthn tests share: a fresh ceremony at the development RP, and refusal reasons. */
import { expect } from 'vitest'
import { b64url } from '../../../src/auth/base64.ts'
import type { ExpectedCeremony } from '../../../src/auth/webauthn/webauthn-ceremony.ts'
import { WebAuthnError, type WebAuthnReason } from '../../../src/auth/webauthn/webauthn-error.ts'
import type { SoftCeremony } from './soft-authenticator-data.ts'

/** DESIGN.md: in local development the RP ID is `localhost`, the origin `http://localhost:8787`. */
export const RP_ID = 'localhost'
export const ORIGIN = 'http://localhost:8787'

/** A fresh challenge, as the browser sees it (`ceremony`) and as the RP expects it back. */
export function newCeremony(overrides: Partial<ExpectedCeremony> = {}) {
  const challenge = b64url(crypto.getRandomValues(new Uint8Array(32)))
  const ceremony: SoftCeremony = { challenge, origin: ORIGIN, rpId: RP_ID }
  const expected: ExpectedCeremony = {
    challenge,
    origins: [ORIGIN],
    rpId: RP_ID,
    requireUserVerification: true,
    ...overrides,
  }
  return { ceremony, expected }
}

/** The reason a verification was refused; fails the test if it was not refused. */
export async function reasonOf(verification: Promise<unknown>): Promise<WebAuthnReason> {
  const error = await verification.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, 'the response should have been refused').toBeInstanceOf(WebAuthnError)
  return (error as WebAuthnError).reason
}
