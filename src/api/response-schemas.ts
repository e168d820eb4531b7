/**
 * Response bodies, as zod schemas for the OpenAPI document (build time only: the Worker does not
 * import this module). Tests check real answers against them.
 */
import * as z from 'zod/mini'
import { ERRORS } from '../errors.ts'

export const PublicUser = z.object({
  id: z.uuid(),
  email: z.email(),
  role: z.enum(['user', 'admin']),
})

export const TokenPair = z.object({
  token: z.string(),
  refreshToken: z.optional(z.string()),
  expiresIn: z.int(),
  user: PublicUser,
})

export const Profile = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.email(),
    role: z.enum(['user', 'admin']),
    name: z.nullable(z.string()),
    emailVerified: z.boolean(),
    /** The second factors and sign-in methods enabled besides the password. */
    factors: z.array(z.enum(['totp', 'passkey'])),
    createdAt: z.iso.datetime(),
  }),
})

/** 202: the request was taken; a mail goes out if (and only if) it should. */
export const MailSent = z.object({ status: z.literal('sent') })

export const VerificationSent = z.object({ status: z.literal('verification_sent') })

export const ErrorBody = z.object({
  error: z.string(),
  code: z.enum(Object.keys(ERRORS) as [keyof typeof ERRORS, ...Array<keyof typeof ERRORS>]),
  details: z.optional(z.unknown()),
})

export const Health = z.object({ status: z.literal('ok'), database: z.literal('ok') })

export const Jwks = z.object({
  keys: z.array(
    z.object({
      kty: z.enum(['OKP', 'EC']),
      crv: z.enum(['Ed25519', 'P-256']),
      x: z.string(),
      y: z.optional(z.string()),
      kid: z.string(),
      alg: z.enum(['EdDSA', 'ES256']),
      use: z.literal('sig'),
    }),
  ),
})

/** The answers an endpoint declaration may name (src/http/endpoint.ts), by name. */
export const Sessions = z.object({
  sessions: z.array(
    z.object({
      id: z.uuid(),
      current: z.boolean(),
      createdAt: z.iso.datetime(),
      lastUsedAt: z.nullable(z.iso.datetime()),
      expiresAt: z.iso.datetime(),
      userAgent: z.nullable(z.string()),
      location: z.optional(
        z.object({ country: z.nullable(z.string()), city: z.nullable(z.string()) }),
      ),
    }),
  ),
})

const Records = z.array(z.record(z.string(), z.unknown()))
export const AccountExport = z.object({
  profile: z.record(z.string(), z.unknown()),
  sessions: Records,
  secondFactors: Records,
  passkeys: Records,
})

export const TotpSetup = z.object({
  /** Base32 (RFC 4648), for typing into an app. */
  secret: z.string(),
  /** otpauth://totp/... (Key URI Format), for a QR code drawn by the client. */
  uri: z.string(),
})

/** Shown once: each works once, in place of a code. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) })

const PasskeySummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.nullable(z.iso.datetime({ offset: true })),
  backedUp: z.boolean(),
  transports: z.array(z.string()),
})
export const Passkey = z.object({ passkey: PasskeySummary })
export const Passkeys = z.object({ passkeys: z.array(PasskeySummary) })

const Descriptor = z.object({
  id: z.string(),
  type: z.literal('public-key'),
  transports: z.optional(z.array(z.string())),
})
/** WebAuthn Level 3 PublicKeyCredentialCreationOptionsJSON (§5.4), as this service fills it. */
export const PasskeyCreationOptions = z.object({
  rp: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.int() })),
  timeout: z.int(),
  excludeCredentials: z.array(Descriptor),
  authenticatorSelection: z.record(z.string(), z.unknown()),
  attestation: z.literal('none'),
})
/** WebAuthn Level 3 PublicKeyCredentialRequestOptionsJSON (§5.5). */
export const PasskeyRequestOptions = z.object({
  challenge: z.string(),
  rpId: z.string(),
  timeout: z.int(),
  allowCredentials: z.array(Descriptor),
  userVerification: z.string(),
})

export const RESPONSES = {
  Passkey,
  Passkeys,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  TotpSetup,
  RecoveryCodes,
  TokenPair,
  Profile,
  Health,
  Jwks,
  MailSent,
  VerificationSent,
  Sessions,
  AccountExport,
}
export type ResponseName = keyof typeof RESPONSES
