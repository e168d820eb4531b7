/**
 * A passkey sign-in, as a browser does it: request options (a single-use challenge), then the
 * assertion signed over that challenge by one of the bench's software passkeys, round-robin.
 */
import { nonEmpty, postTo, type RequestSource } from './request-source.ts'
import { assertionSigner, type PasskeyCeremony, type SoftPasskey } from './soft-passkey.ts'

export interface PasskeyFlowSpec extends PasskeyCeremony {
  kind: 'passkey'
  /** The options step (`/auth/passkeys/login/options`). */
  path: string
  /** The assertion step (`/auth/passkeys/login`). */
  loginPath: string
  passkeys: SoftPasskey[]
}

export function createPasskeyFlow(spec: PasskeyFlowSpec): RequestSource {
  const signers = nonEmpty(spec.passkeys, 'passkey needs passkeys').map((p) =>
    assertionSigner(p, spec),
  )
  let n = 0
  return {
    steps: 2,
    next(step = 0, flow = {}) {
      if (step === 0) return postTo(spec.path, {})
      if (typeof flow.challenge !== 'string') return undefined
      const sign = signers[n++ % signers.length] as (typeof signers)[number]
      return postTo(spec.loginPath, { response: sign(flow.challenge) })
    },
    onResponse(status, body, step = 0, flow = {}) {
      if (step !== 0 || status !== 200) return false
      const { challenge } = JSON.parse(body) as { challenge?: unknown }
      flow.challenge = challenge
      return typeof challenge === 'string'
    },
    exhausted: () => false,
  }
}
