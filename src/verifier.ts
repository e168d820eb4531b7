/**
 * For other services: verify edge-auth access tokens with its public keys, fetched from
 * `/.well-known/jwks.json` and cached (jose's remote JWK set), with the algorithms, issuer,
 * audience and `typ` pinned (RFC 8725). Works in Workers, Node, Deno and browsers.
 *
 * A token stays valid here until `exp`, even after logout or a password change: only edge-auth's
 * own routes check the session. Keep ACCESS_TOKEN_TTL short accordingly.
 */
import { createRemoteJWKSet, customFetch, type FetchImplementation, jwtVerify } from 'jose'
import type { AccessClaims } from './auth/access-token.ts'

/** Our access token's claims (src/auth/access-token.ts), with the registered ones a verifier sees. */
export interface AccessTokenClaims extends AccessClaims {
  iss: string
  aud: string | string[]
}

export interface VerifierOptions {
  /** For example `https://auth.example.com/.well-known/jwks.json`. */
  jwksUrl: string | URL
  issuer: string
  audience: string
  /** Default: both algorithms edge-auth signs with asymmetrically. HS256 is never accepted here. */
  algorithms?: Array<'EdDSA' | 'ES256'>
  /** Milliseconds the key set is cached (default 10 minutes, like the endpoint's Cache-Control). */
  cacheMaxAge?: number
  /** Seconds of clock skew tolerated (default 5). */
  clockTolerance?: number
  /** A fetch to use instead of the global one (tests, service bindings). */
  fetch?: FetchImplementation
}

/** Returns `verify(token)`, which resolves to the claims or rejects with a jose error. */
export function createAccessTokenVerifier(options: VerifierOptions) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    cacheMaxAge: options.cacheMaxAge ?? 600_000,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  })
  return async function verify(token: string): Promise<AccessTokenClaims> {
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: options.algorithms ?? ['EdDSA', 'ES256'],
      issuer: options.issuer,
      audience: options.audience,
      typ: 'JWT',
      clockTolerance: options.clockTolerance ?? 5,
      requiredClaims: ['sub', 'sid', 'email', 'role', 'jti', 'iat', 'exp'],
    })
    return payload as unknown as AccessTokenClaims
  }
}
