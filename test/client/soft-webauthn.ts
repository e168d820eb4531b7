/**
 * The client's WebAuthnCeremonies played by the software authenticator of the passkey tests
 * (test/helpers/soft-authenticator.ts), for a page at `origin`: what a browser with one platform
 * passkey would answer, so the client's passkey methods run against the real app in workerd.
 */
import { b64decode } from '../../src/auth/base64.ts'
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
  WebAuthnCeremonies,
} from '../../src/client.ts'
import { type SoftCredential, softAssert, softRegister } from '../helpers/soft-authenticator.ts'

export interface SoftWebAuthn extends WebAuthnCeremonies {
  /** The passkeys created so far, newest last. */
  credentials: SoftCredential[]
  /** How many times the browser was asked for an assertion. */
  gets: number
}

export function softWebAuthn(origin: string): SoftWebAuthn {
  const soft: SoftWebAuthn = {
    credentials: [],
    gets: 0,
    async create(options) {
      const ceremony = { challenge: options.challenge, origin, rpId: options.rp.id }
      const { response, credential } = await softRegister(ceremony)
      // A discoverable credential returns the user handle the options gave it.
      credential.userHandle = b64decode(options.user.id) ?? new Uint8Array()
      soft.credentials.push(credential)
      // The verifier's type says `type: string`; the wire form is the literal 'public-key'.
      return response as RegistrationResponseJSON
    },
    async get(options) {
      soft.gets += 1
      const credential = soft.credentials.at(-1)
      if (!credential) throw new DOMException('No passkey on this device', 'NotAllowedError')
      const ceremony = { challenge: options.challenge, origin, rpId: options.rpId }
      return (await softAssert(credential, ceremony)) as AuthenticationResponseJSON
    },
  }
  return soft
}
