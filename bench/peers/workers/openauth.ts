/**
 * OpenAuth's issuer with its password provider on Cloudflare Workers, as its Cloudflare example
 * sets it up (issuer({ subjects, storage, providers: { password: PasswordProvider(PasswordUI(
 * { sendCode })) }, success })), except for storage: MemoryStorage instead of CloudflareStorage
 * over KV. A KV binding in workerd needs a service that speaks KV's internal protocol (Miniflare
 * provides one; the bench runs workerd without Miniflare), and OpenAuth supports no Postgres
 * storage. MemoryStorage lives in the isolate, so the issuer is built once per isolate (its
 * example builds it per request, where KV keeps the state); each bench workerd runs one isolate.
 * Its password hash is its default ScryptHasher: node:crypto scrypt N=16384, r=8, p=1, 32 bytes.
 *
 * Its own routes are served as they are; two bench-only routes run a whole login or a whole
 * registration through them in-process (openauth-flow.ts), one request each.
 */
import { issuer } from '@openauthjs/openauth'
import { PasswordProvider } from '@openauthjs/openauth/provider/password'
import { MemoryStorage } from '@openauthjs/openauth/storage/memory'
import { createSubjects } from '@openauthjs/openauth/subject'
import { PasswordUI } from '@openauthjs/openauth/ui/password'
import { Hono } from 'hono'
import { z } from 'zod'
import { passwordLogin, passwordRegister } from './openauth-flow.ts'

const subjects = createSubjects({ user: z.object({ id: z.string() }) })

/** The last code "emailed" to each address during registration (bench only). */
const sentCodes = new Map<string, string>()

const auth = issuer({
  subjects,
  storage: MemoryStorage(),
  providers: {
    password: PasswordProvider(
      PasswordUI({
        sendCode: async (email, code) => {
          sentCodes.set(email, code)
        },
      }),
    ),
  },
  // No user table: the subject is the address (its example looks a user up in D1 here).
  success: async (ctx, value) => {
    if (value.provider === 'password') return ctx.subject('user', { id: value.email })
    throw new Error('Invalid provider')
  },
})

const Credentials = z.object({ email: z.string(), password: z.string() })

const app = new Hono()
app.post('/bench/login', async (c) => {
  const parsed = Credentials.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) return c.json({ error: 'email and password required' }, 400)
  const result = await passwordLogin(auth, new URL(c.req.url).origin, parsed.data)
  return c.json(result.body, result.status)
})
app.post('/bench/register', async (c) => {
  const parsed = Credentials.safeParse(await c.req.json().catch(() => null))
  if (!parsed.success) return c.json({ error: 'email and password required' }, 400)
  const result = await passwordRegister(auth, new URL(c.req.url).origin, parsed.data, (email) =>
    sentCodes.get(email),
  )
  sentCodes.delete(parsed.data.email.toLowerCase())
  return c.json(result.body, result.status)
})
app.all('*', (c) => auth.fetch(c.req.raw, c.env, c.executionCtx))

export default app
