/**
 * Access tokens: short-lived JWTs signed with jose (RFC 7519, with the RFC 8725 best current
 * practices: explicit `typ`, a pinned algorithm list, key chosen by `kid` among our own keys only,
 * issuer and audience always checked).
 */
import { jwtVerify, SignJWT } from 'jose'
import { AuthError } from '../errors.ts'
import type { Clock } from './clock.ts'
import type { KeyRing } from './signing-keys.ts'

export interface TokenSubject {
  id: string
  email: string
  role: string
  /** The session (refresh-token family) the token belongs to. */
  sid: string
  emailVerified: boolean
  /** RFC 8176 authentication method references of the session. */
  amr: string[]
}

export interface AccessClaims {
  sub: string
  sid: string
  email: string
  role: string
  /** OpenID Connect Core §5.1: whether the address was proved. */
  email_verified?: boolean
  /** RFC 8176: how the session was signed in (`pwd`, `otp`, `hwk`...). */
  amr?: string[]
  jti: string
  iat: number
  exp: number
}

export interface IssuedToken {
  token: string
  /** Seconds until the token expires. */
  expiresIn: number
}

export interface AccessTokens {
  issue(subject: TokenSubject): Promise<IssuedToken>
  /** Verifies signature, algorithm, `kid`, `typ`, `iss`, `aud`, `exp`/`nbf`; throws AuthError('invalid_token'). */
  verify(token: string): Promise<AccessClaims>
}

export interface AccessTokensOptions {
  keys: KeyRing
  issuer: string
  audience: string
  /** Access-token lifetime in seconds. */
  ttl: number
  clock: Clock
}

const TYP = 'JWT'
/** Seconds of clock skew tolerated between us and other verifiers. */
export const CLOCK_TOLERANCE = 5
const REQUIRED_CLAIMS = ['sub', 'sid', 'email', 'role', 'jti', 'iat', 'exp']

export function createAccessTokens(options: AccessTokensOptions): AccessTokens {
  const { keys, issuer, audience, ttl, clock } = options
  const { signer } = keys
  return {
    async issue(subject) {
      const now = Math.floor(clock.now() / 1000)
      const token = await new SignJWT({
        sid: subject.sid,
        email: subject.email,
        email_verified: subject.emailVerified,
        role: subject.role,
        amr: subject.amr,
      })
        .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: TYP })
        .setSubject(subject.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(signer.key)
      return { token, expiresIn: ttl }
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, (header) => keys.resolve(header), {
          algorithms: keys.algorithms,
          typ: TYP,
          issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE,
          currentDate: new Date(clock.now()),
          requiredClaims: REQUIRED_CLAIMS,
        })
        if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') {
          throw new AuthError('invalid_token')
        }
        return payload as unknown as AccessClaims
      } catch (cause) {
        throw new AuthError('invalid_token', { cause })
      }
    },
  }
}
