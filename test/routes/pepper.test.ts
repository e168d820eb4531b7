/**
 * PASSWORD_PEPPER through HTTP (README, "Security notes"): turning it on upgrades each stored
 * hash at its owner's next good login; removing it leaves the peppered hashes unusable (the
 * user must reset), refused and logged, never a 500.
 */
import { describe, expect, it } from 'vitest'
import { buildTestApp, captureLogger, PASSWORD, postJson, registerUser } from '../helpers/app.ts'
import { usersWithEmail } from '../helpers/db.ts'

const PEPPER = 'pepper:Xq8-Lw2_Zr5vNc7Tb1Km4Hs9Jd3Fg6Ya0'
const storedHash = async (email: string) => (await usersWithEmail(email))[0]?.password_hash

describe('PASSWORD_PEPPER', () => {
  it('turned on: the next good login re-hashes with the pepper; a wrong one changes nothing', async () => {
    const plain = await buildTestApp()
    const { email } = await registerUser(plain)
    const before = await storedHash(email)
    expect(before).toMatch(/^\$pbkdf2-sha256\$i=100000\$/)

    const peppered = await buildTestApp({ env: { PASSWORD_PEPPER: PEPPER } })
    const login = (password: string) => postJson(peppered, '/auth/login', { email, password })
    expect((await login('not the password')).status).toBe(401)
    expect(await storedHash(email)).toBe(before)
    expect((await login(PASSWORD)).status).toBe(200)
    expect(await storedHash(email)).toMatch(/^\$pbkdf2-sha256\$i=100000,pepper=1\$/)
    expect((await login(PASSWORD)).status).toBe(200)
  })

  it('removed: a peppered hash no longer verifies, and the log says why', async () => {
    const { email } = await registerUser(await buildTestApp({ env: { PASSWORD_PEPPER: PEPPER } }))
    expect(await storedHash(email)).toMatch(/,pepper=1\$/)
    const log = captureLogger()
    const without = await buildTestApp({ log })
    const res = await postJson(without, '/auth/login', { email, password: PASSWORD })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'invalid_credentials' })
    expect(log.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'stored password hash unusable' }),
    )
  })
})
