/**
 * What passkey registration and sign-in share: each WebAuthn challenge is a one-time token
 * (32 random bytes, stored hashed, 5 minutes), consumed before the response is verified, so a
 * challenge works once (WebAuthn Level 3 §13.4.3).
 */
import type { AuthError } from '../errors.ts'
import type { AuthContext } from './context.ts'
import type { TokenPurpose } from './lifecycle-store.ts'
import { hashOpaqueToken, isOpaqueTokenShaped } from './opaque-token.ts'
import type { ExpectedCeremony } from './webauthn/webauthn.ts'

/** Seconds a WebAuthn challenge lives (the options' timeout is the same). */
export const CHALLENGE_TTL = 5 * 60

/** Stores a freshly generated options challenge (the library made it: 32 random bytes). */
export async function rememberChallenge(
  ctx: AuthContext,
  purpose: Extract<TokenPurpose, 'passkey_register' | 'passkey_login'>,
  challenge: string,
  userId: string | null,
  payload: Record<string, string> = {},
): Promise<void> {
  const now = ctx.clock.now()
  await ctx.store.oneTimeTokens.issue({
    purpose,
    userId,
    token: {
      id: crypto.randomUUID(),
      hash: await hashOpaqueToken(challenge),
      expiresAt: new Date(now + CHALLENGE_TTL * 1000),
    },
    payload,
    now: new Date(now),
  })
}

/**
 * Reads the challenge a response answers (clientDataJSON is the browser's, unverified yet),
 * consumes it, and answers what to verify the response against; `refused` when there is none.
 */
export async function useChallenge(
  ctx: AuthContext,
  purpose: Extract<TokenPurpose, 'passkey_register' | 'passkey_login'>,
  clientDataJSON: unknown,
  userId: string | null,
  refused: () => AuthError,
): Promise<{ expected: ExpectedCeremony; payload: Record<string, string> }> {
  const challenge = challengeOf(clientDataJSON)
  if (!challenge) throw refused()
  const hash = await hashOpaqueToken(challenge)
  const used = await ctx.store.oneTimeTokens.consume(
    hash,
    purpose,
    userId,
    new Date(ctx.clock.now()),
  )
  if (!used) throw refused()
  const { rpId, origins } = ctx.webauthn
  // UV is required by the caller that makes a passkey the only factor (passkey-assertion.ts).
  return {
    expected: { challenge, origins, rpId, requireUserVerification: false },
    payload: used.payload,
  }
}

function challengeOf(clientDataJSON: unknown): string | undefined {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4096) return undefined
  try {
    const json = atob(clientDataJSON.replace(/-/g, '+').replace(/_/g, '/'))
    const { challenge } = JSON.parse(json) as { challenge?: unknown }
    return isOpaqueTokenShaped(challenge) ? challenge : undefined
  } catch {
    return undefined
  }
}
