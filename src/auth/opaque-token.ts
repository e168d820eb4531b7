/**
 * Opaque bearer secrets (refresh tokens today): 32 random bytes, base64url (256 bits, RFC 9700
 * §4.14). Only the SHA-256 of a token is stored, so a database leak does not leak usable tokens.
 */
import { b64url, sha256b64url } from './base64.ts'

const TOKEN_BYTES = 32
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export function generateOpaqueToken(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)))
}

/** Cheap shape check before any database work: garbage never reaches the database. */
export function isOpaqueTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_SHAPE.test(token)
}

/** The lookup key stored for a token (e.g. refresh_tokens.token_hash). */
export const hashOpaqueToken: (token: string) => Promise<string> = sha256b64url
