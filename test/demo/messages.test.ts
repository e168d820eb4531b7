/** The demo page's readable errors and token decoding (src/demo/), outside a browser. */
import { describe, expect, it } from 'vitest'
import { AuthClientError } from '../../src/client.ts'
import { decodeJwt, describeClaims } from '../../src/demo/jwt.ts'
import { describeError } from '../../src/demo/messages.ts'

describe('describeError', () => {
  it('says what failed, with the code and status', () => {
    const error = new AuthClientError(401, {
      error: 'Invalid credentials',
      code: 'invalid_credentials',
    })
    expect(describeError(error)).toBe('Invalid credentials (invalid_credentials, HTTP 401)')
  })

  it('lists the field errors of a 400', () => {
    const details = {
      formErrors: [],
      fieldErrors: {
        email: ['Invalid email address'],
        password: ['Password must be at least 8 characters'],
      },
    }
    const error = new AuthClientError(400, {
      error: 'Validation failed',
      code: 'validation_failed',
      details,
    })
    expect(describeError(error)).toBe(
      'Validation failed (validation_failed, HTTP 400): email: Invalid email address; password: Password must be at least 8 characters',
    )
  })

  it('turns Retry-After into a wait', () => {
    const body = { error: 'Too many attempts; try again later', code: 'rate_limited' }
    expect(describeError(new AuthClientError(429, body, { retryAfter: 1 }))).toMatch(
      /Try again in 1 second\.$/,
    )
    expect(describeError(new AuthClientError(429, body, { retryAfter: 30 }))).toMatch(
      /Try again in 30 seconds\.$/,
    )
    expect(describeError(new AuthClientError(429, body, { retryAfter: 900 }))).toMatch(
      /Try again in 15 minutes\.$/,
    )
  })

  it('names a network failure without a status', () => {
    const error = new AuthClientError(0, {
      error: 'Network error: the server could not be reached',
      code: 'network_error',
    })
    expect(describeError(error)).toBe(
      'Network error: the server could not be reached (network_error)',
    )
  })
})

describe('decodeJwt', () => {
  it('reads header and payload (base64url, UTF-8) and shows times as dates', () => {
    const part = (value: object) =>
      btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    const token = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${btoa(String.fromCharCode(...new TextEncoder().encode('{"name":"Zoë","exp":1800000000}'))).replace(/=+$/, '')}.sig`
    const decoded = decodeJwt(token)
    expect(decoded.header).toEqual({ alg: 'EdDSA', typ: 'JWT' })
    expect(decoded.payload).toEqual({ name: 'Zoë', exp: 1800000000 })
    expect(describeClaims(decoded.payload).exp).toBe('1800000000 (2027-01-15T08:00:00.000Z)')
    expect(() => decodeJwt('nope')).toThrow('Not a JWT')
  })
})
