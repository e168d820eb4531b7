import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Shortest secret the proxy accepts from its caller. The proxy fronts a superuser session, so a
 * guessable secret is refused outright (better-auth refuses short secrets the same way).
 */
export const MIN_SECRET_LENGTH = 16

/** A fresh per-run secret: 24 random bytes, URL-safe so it can sit in a connection string as is. */
export function createSecret(): string {
  return randomBytes(24).toString('base64url')
}

/** Throws when a caller-chosen secret is too short to stand in front of the database. */
export function assertStrongSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the proxy secret must be at least ${MIN_SECRET_LENGTH} characters long`)
  }
}

/**
 * True when presented equals secret, in time that does not depend on where they differ.
 * Both sides are hashed first so timingSafeEqual always compares equal-length buffers and the
 * secret's length does not leak either (OWASP Authentication Cheat Sheet, "compare in constant
 * time").
 */
export function secretMatches(presented: string | undefined, secret: string): boolean {
  const given = createHash('sha256')
    .update(presented ?? '')
    .digest()
  const expected = createHash('sha256').update(secret).digest()
  return timingSafeEqual(given, expected) && presented !== undefined
}
