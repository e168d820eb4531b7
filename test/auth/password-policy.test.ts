import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { checkNewPassword, createCommonPasswordList } from '../../src/auth/password-policy.ts'
import { type AssetFetcher, assetTextFrom } from '../../src/routes/static-routes.ts'
import { buildTestApp, PASSWORD, postJson, registerUser, uniqueEmail } from '../helpers/app.ts'

/** The list as the Worker reads it: the static asset, through the ASSETS binding. */
const assetText = assetTextFrom((env as { ASSETS?: AssetFetcher }).ASSETS)
const list = createCommonPasswordList(() =>
  assetText ? assetText('/common-passwords.txt') : Promise.reject(new Error('no ASSETS')),
)
const isCommonPassword = (password: string) => list.has(password)

describe('common passwords (ASVS 5.0 V6.2.4)', () => {
  it('knows the common ones in any letter case, and not a passphrase', async () => {
    for (const common of [
      'password',
      'PassWord',
      '12345678',
      'iloveyou',
      'baseball',
      'trustno1',
      'qwertyuiop',
    ]) {
      expect(await isCommonPassword(common)).toBe(true)
    }
    expect(await isCommonPassword(PASSWORD)).toBe(false)
    expect(await isCommonPassword('k7#Vq9!zLm2@')).toBe(false)
  })

  it('registers the passphrase a Bloom filter refused as common (the bench seeding)', async () => {
    const app = await buildTestApp()
    const res = await postJson(app, '/auth/register', {
      email: uniqueEmail('bench'),
      password: 'bench 261202025411 user 126 staple',
    })
    expect(res.status).toBe(201)
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
    await expect(checkNewPassword(list, 'seven77', 8)).rejects.toThrow()
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
