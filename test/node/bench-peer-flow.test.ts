/**
 * The in-process OpenAuth flow the bench's OpenAuth peer runs per login (bench/peers/workers):
 * its cookie jar, and the flow against a stand-in issuer with OpenAuth's contract (302s that
 * carry an encrypted cookie, a 401 form on a refused password, a code for the token endpoint).
 */
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { describe, expect, it } from 'vitest'
import { createCookieJar } from '../../bench/peers/workers/cookie-jar.ts'
import {
  CLIENT_ID,
  codeFrom,
  passwordLogin,
  passwordRegister,
  REDIRECT_URI,
} from '../../bench/peers/workers/openauth-flow.ts'

describe('cookie jar', () => {
  it('keeps cookies by name, replaces them, and drops deleted ones', () => {
    const jar = createCookieJar()
    expect(jar.header()).toBe('')
    jar.store(['authorization=abc; Path=/; HttpOnly', 'provider=p1; Max-Age=86400'])
    expect(jar.header()).toBe('authorization=abc; provider=p1')
    jar.store(['provider=p2; Path=/'])
    expect(jar.header()).toBe('authorization=abc; provider=p2')
    // Hono's deleteCookie: an empty value with Max-Age=0.
    jar.store(['authorization=; Max-Age=0; Path=/'])
    expect(jar.header()).toBe('provider=p2')
    jar.store(['provider=x; max-age=0', 'garbage', '=novalue'])
    expect(jar.header()).toBe('')
  })
})

const USER = { email: 'a@bench.example.com', password: 'correct horse battery' }

/** A stand-in issuer with OpenAuth's routes and statuses; `tokenStatus` breaks /token. */
function fakeIssuer(tokenStatus = 200) {
  const codes = new Map<string, string>()
  const users = new Map([[USER.email, USER.password]])
  const app = new Hono()
  app.get('/authorize', (c) => {
    if (c.req.query('client_id') !== CLIENT_ID || c.req.query('provider') !== 'password')
      return c.text('bad', 400)
    setCookie(c, 'authorization', 'sealed-state')
    return c.redirect('/password/authorize')
  })
  app.post('/password/authorize', async (c) => {
    if (getCookie(c, 'authorization') !== 'sealed-state') return c.text('no state', 400)
    const form = await c.req.formData()
    if (users.get(String(form.get('email'))) !== form.get('password')) return c.html('form', 401)
    return c.redirect(`${REDIRECT_URI}?code=code-1&state=`)
  })
  app.get('/password/register', (c) => {
    setCookie(c, 'provider', 'start')
    return c.html('form')
  })
  app.post('/password/register', async (c) => {
    const form = await c.req.formData()
    const email = String(form.get('email') ?? '')
    if (form.get('action') === 'register' && getCookie(c, 'provider') === 'start') {
      codes.set(email, '123456')
      setCookie(c, 'provider', `code:${email}`)
      return c.html('code form')
    }
    const pending = getCookie(c, 'provider')?.replace('code:', '') ?? ''
    if (form.get('action') === 'verify' && form.get('code') === codes.get(pending)) {
      users.set(pending, 'registered')
      return c.redirect(`${REDIRECT_URI}?code=code-2`)
    }
    return c.html('form', 200)
  })
  app.post('/token', async (c) => {
    const form = await c.req.formData()
    if (form.get('code') !== 'code-1' || form.get('redirect_uri') !== REDIRECT_URI)
      return c.json({ error: 'invalid_grant' }, 400)
    if (tokenStatus !== 200) return c.json({ error: 'server_error' }, 500)
    return c.json({ access_token: 'at', refresh_token: 'rt', expires_in: 60 })
  })
  return { app, codes }
}

describe('OpenAuth password flow, in-process', () => {
  it('reads the code only from a 302 to the app', () => {
    const redirect = (location: string, status = 302) =>
      new Response(null, { status, headers: { location } })
    expect(codeFrom(redirect(`${REDIRECT_URI}?code=c1`))).toBe('c1')
    expect(codeFrom(redirect('http://evil.example/callback?code=c1'))).toBeUndefined()
    expect(codeFrom(redirect(`${REDIRECT_URI}?code=c1`, 200))).toBeUndefined()
    expect(codeFrom(redirect(REDIRECT_URI))).toBeUndefined()
  })

  it('logs in through authorize, the form and the token exchange, carrying the cookie', async () => {
    const { app } = fakeIssuer()
    const result = await passwordLogin(app, 'http://127.0.0.1:1', USER)
    expect(result).toEqual({
      status: 200,
      body: { access_token: 'at', refresh_token: 'rt', expires_in: 60 },
    })
  })

  it('answers 401 for a refused password and 502 when a step misbehaves', async () => {
    const { app } = fakeIssuer()
    const wrong = await passwordLogin(app, 'http://127.0.0.1:1', { ...USER, password: 'nope' })
    expect(wrong.status).toBe(401)
    const broken = await passwordLogin(fakeIssuer(500).app, 'http://127.0.0.1:1', USER)
    expect(broken).toEqual({ status: 502, body: { error: 'unexpected 500 from /token' } })
  })

  it('registers with the code the provider sent', async () => {
    const { app, codes } = fakeIssuer()
    const user = { email: 'new@bench.example.com', password: 'pw' }
    const ok = await passwordRegister(app, 'http://127.0.0.1:1', user, (e) => codes.get(e))
    expect(ok.status).toBe(200)
    const none = await passwordRegister(app, 'http://127.0.0.1:1', user, () => undefined)
    expect(none.status).toBe(502)
  })
})
