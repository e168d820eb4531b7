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
    createdAt: z.iso.datetime(),
  }),
})

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
export const RESPONSES = { TokenPair, Profile, Health, Jwks }
export type ResponseName = keyof typeof RESPONSES
