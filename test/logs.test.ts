import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import {
  buildTestApp,
  captureLogger,
  PASSWORD,
  postJson,
  type SessionBody,
  uniqueEmail,
} from './helpers/app.ts'
import { usersWithEmail } from './helpers/db.ts'

const PEPPER = 'pepper:7Qk2-zW9x_Lm4vRt8Yb3Nc6Hd1Js5Fg0'
const NEW_PASSWORD = 'a brand new passphrase'

describe('request logs', () => {
  it('one JSON line per request with method, route, status, duration, request id and outcome; no secret ever', async () => {
    const log = captureLogger()
    const app = await buildTestApp({ env: { PASSWORD_PEPPER: PEPPER }, log })
    const strict = await buildTestApp({
      env: {
        PASSWORD_PEPPER: PEPPER,
        AUTH_RATE_LIMITER: (env as unknown as Record<string, unknown>).STRICT_RATE_LIMITER,
      },
      log,
    })
    const secrets: string[] = [
      PASSWORD,
      NEW_PASSWORD,
      PEPPER,
      'test-secret-that-is-at-least-32-bytes-long!',
    ]
    let requests = 0
    const call = async (target = app, path: string, body?: unknown, token?: string) => {
      requests++
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
      const res =
        body === undefined
          ? await target.request(path, { headers })
          : await postJson(target, path, body, headers)
      const text = await res.text()
      for (const match of text.match(/"(token|refreshToken)":"([^"]+)"/g) ?? [])
        secrets.push(match.split('":"')[1]?.slice(0, -1) ?? '')
      return { status: res.status, json: text ? (JSON.parse(text) as SessionBody) : undefined }
    }

    const email = uniqueEmail('logs')
    const registered = (await call(app, '/auth/register', { email, password: PASSWORD }))
      .json as SessionBody
    await call(app, '/auth/login', { email, password: 'wrong password 1' })
    const session = (await call(app, '/auth/login', { email, password: PASSWORD }))
      .json as SessionBody
    await call(app, '/auth/me', undefined, session.token)
    const rotated = (await call(app, '/auth/refresh', { refreshToken: session.refreshToken }))
      .json as SessionBody
    await call(
      app,
      '/auth/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      rotated.token,
    )
    await call(app, '/auth/refresh', { refreshToken: registered.refreshToken })
    await call(app, '/auth/logout', { refreshToken: rotated.refreshToken })
    const locked = uniqueEmail('locked')
    for (let i = 0; i < 6; i++)
      await call(app, '/auth/login', { email: locked, password: `guess number ${i}` })
    for (let i = 0; i < 4; i++) await call(strict, '/auth/login', { email, password: NEW_PASSWORD })
    await call(app, '/nope')
    secrets.push((await usersWithEmail(email))[0]?.password_hash ?? 'missing hash')

    const lines = log.entries.filter((entry) => entry.method !== undefined)
    expect(lines).toHaveLength(requests)
    for (const line of lines) {
      expect(line).toMatchObject({
        method: expect.any(String),
        route: expect.any(String),
        status: expect.any(Number),
        ms: expect.any(Number),
      })
      expect(line.requestId).toMatch(/^[\w-]{8,}$/)
    }
    const outcomes = lines.map((line) => line.outcome)
    for (const outcome of [
      'registered',
      'login_failed',
      'login_succeeded',
      'refreshed',
      'password_changed',
      'logout',
      'locked',
      'ip_rate_limited',
      'invalid_token',
      'not_found',
    ]) {
      expect(outcomes).toContain(outcome)
    }
    const written = JSON.stringify(log.entries)
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8)
      expect(written).not.toContain(secret)
    }
  })
})
