/**
 * Access tokens: short-lived JWTs signed with jose (RFC 7519, with the RFC 8725 best current
 * practices: explicit `typ`, a pinned algorithm list, issuer and audience always checked).
 */
import { calculateJwkThumbprint, jwtVerify, SignJWT } from 'jose'
import { AuthError } from '../errors.ts'
import type { Clock } from './clock.ts'
import { b64url } from './encoding.ts'

export interface TokenSubject {
  id: string
  email: string
  role: string
}

export interface AccessClaims {
  sub: string
  email: string
  role: string
  jti: string
  iat: number
  exp: number
}

export interface IssuedToken {
  token: string
  /** Seconds until the token expires. */
  expiresIn: number
}

export interface TokenService {
  issue(subject: TokenSubject): Promise<IssuedToken>
  /** Verifies signature, algorithm, `typ`, `iss`, `aud` and `exp`; throws AuthError('invalid_token'). */
  verify(token: string): Promise<AccessClaims>
}

export interface TokenServiceOptions {
  secret: Uint8Array
  issuer: string
  audience: string
  /** Access-token lifetime in seconds. */
  ttl: number
  clock: Clock
}

const ALGORITHM = 'HS256'
const TYP = 'JWT'
/** Seconds of clock skew tolerated between us and other verifiers. */
export const CLOCK_TOLERANCE = 5
const REQUIRED_CLAIMS = ['sub', 'email', 'role', 'jti', 'iat', 'exp']

/** Imports the key once (per isolate) and returns a signer/verifier bound to it. */
export async function createTokenService(options: TokenServiceOptions): Promise<TokenService> {
  const { issuer, audience, ttl, clock } = options
  const secret = new Uint8Array(options.secret)
  const key = await crypto.subtle.importKey(
    'raw',
    secret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  const kid = (await calculateJwkThumbprint({ kty: 'oct', k: b64url(secret) })).slice(0, 16)

  return {
    async issue(subject) {
      const now = Math.floor(clock.now() / 1000)
      const token = await new SignJWT({ email: subject.email, role: subject.role })
        .setProtectedHeader({ alg: ALGORITHM, kid, typ: TYP })
        .setSubject(subject.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(key)
      return { token, expiresIn: ttl }
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          typ: TYP,
          issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE,
          currentDate: new Date(clock.now()),
          requiredClaims: REQUIRED_CLAIMS,
        })
        return payload as unknown as AccessClaims
      } catch (cause) {
        throw new AuthError('invalid_token', { cause })
      }
    },
  }
}
