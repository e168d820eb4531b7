/**
 * Opaque refresh tokens: 32 random bytes, base64url (256 bits, RFC 9700 §4.14). Only the
 * SHA-256 of a token is stored, so a database leak does not leak usable tokens.
 */
import { b64url } from './encoding.ts'

const TOKEN_BYTES = 32
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function generateRefreshToken(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)))
}

/** Cheap shape check before any database work: garbage never reaches the database. */
export function isRefreshTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_SHAPE.test(token)
}

/** The lookup key stored in refresh_tokens.token_hash. */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return b64url(new Uint8Array(digest))
}
