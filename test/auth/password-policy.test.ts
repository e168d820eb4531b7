import { describe, expect, it } from 'vitest'
import { COMMON_PASSWORDS } from '../../src/auth/common-passwords.ts'
import { checkNewPassword, isCommonPassword } from '../../src/auth/password-policy.ts'
import { buildTestApp, PASSWORD, postJson, registerUser } from '../helpers/app.ts'

describe('common passwords (ASVS 5.0 V6.2.4)', () => {
  it('knows the common ones in any letter case, and not a passphrase', () => {
    for (const common of [
      'password',
      'PassWord',
      '12345678',
      'iloveyou',
      'baseball',
      'trustno1',
      'qwertyuiop',
    ]) {
      expect(isCommonPassword(common)).toBe(true)
    }
    expect(isCommonPassword(PASSWORD)).toBe(false)
    expect(isCommonPassword('k7#Vq9!zLm2@')).toBe(false)
  })

  it('ships as a Bloom filter under 8 KiB', () => {
    expect(atob(COMMON_PASSWORDS.bits).length).toBeLessThan(8 * 1024)
  })

  it('register and password change refuse them with 400 weak_password', async () => {
    const app = await buildTestApp()
    const res = await postJson(app, '/auth/register', {
      email: 'weak@example.com',
      password: 'Football',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'This password is too common; choose another one',
      code: 'weak_password',
      details: { field: 'password' },
    })
    const { body } = await registerUser(app)
    const change = await postJson(
      app,
      '/auth/password',
      { currentPassword: PASSWORD, newPassword: 'superman' },
      {
        authorization: `Bearer ${body.token}`,
      },
    )
    expect(change.status).toBe(400)
    expect(await change.json()).toMatchObject({
      code: 'weak_password',
      details: { field: 'newPassword' },
    })
  })
})

describe('PASSWORD_MIN_LENGTH', () => {
  it('defaults to 8 and can be raised, e.g. to NIST’s 15 for password-only accounts', async () => {
    expect(() => checkNewPassword('seven77', 8)).toThrow()
    const strict = await buildTestApp({ env: { PASSWORD_MIN_LENGTH: '15' } })
    const short = await postJson(strict, '/auth/register', {
      email: 'short@example.com',
      password: 'only 14 chars!',
    })
    expect(short.status).toBe(400)
    expect(await short.json()).toMatchObject({
      code: 'validation_failed',
      details: { fieldErrors: { password: ['Password must be at least 15 characters'] } },
    })
    expect(
      (
        await postJson(strict, '/auth/register', {
          email: `long-${crypto.randomUUID()}@example.com`,
          password: 'fifteen chars!!',
        })
      ).status,
    ).toBe(201)
  })
})
