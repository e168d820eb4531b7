/**
 * Why a WebAuthn response was refused: one stable reason per check of WebAuthn Level 3 §7.1
 * (registration) and §7.2 (assertion). The reason is for logs and for the caller's choice of
 * status; the message is for people. Callers map every reason of a login to one
 * `invalid_credentials` (no oracle), and a refused registration to a 400 with the reason.
 */
export const WEBAUTHN_REASONS = {
  malformed: 'The response is not well-formed (JSON shape, base64url, CBOR or authenticator data)',
  bad_type: 'clientDataJSON.type is not the one of this ceremony',
  challenge_mismatch: 'clientDataJSON.challenge is not the challenge issued',
  origin_mismatch: 'clientDataJSON.origin is not an allowed origin',
  cross_origin: 'The ceremony ran in a cross-origin iframe, which is not allowed',
  rp_id_mismatch: 'The authenticator data is for another RP ID',
  user_not_present: 'The authenticator did not test user presence (UP flag clear)',
  user_not_verified: 'User verification was required but not performed (UV flag clear)',
  backup_state_invalid: 'The BS flag is set without the BE flag',
  credential_id_mismatch: 'The credential id differs between the response, its data or the record',
  unsupported_algorithm: 'The credential public key is not ES256, EdDSA (Ed25519) or RS256',
  bad_public_key: 'The credential public key is inconsistent or does not import',
  bad_attestation: 'The attestation statement is malformed or its signature is wrong',
  unsupported_attestation:
    'The attestation format needs a certificate chain, which is not verified',
  bad_signature: 'The assertion signature does not verify',
  counter_regressed: 'The signature counter did not increase: the authenticator may be cloned',
} as const satisfies Record<string, string>

export type WebAuthnReason = keyof typeof WEBAUTHN_REASONS

/** A refused WebAuthn response; `reason` is stable, `message` may say more (never a secret). */
export class WebAuthnError extends Error {
  readonly reason: WebAuthnReason

  constructor(reason: WebAuthnReason, detail?: string, options?: { cause?: unknown }) {
    const base = WEBAUTHN_REASONS[reason]
    super(detail === undefined ? base : `${base}: ${detail}`, options)
    this.name = 'WebAuthnError'
    this.reason = reason
  }
}
