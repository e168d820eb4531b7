/**
 * The seed article's login, as it wrote it: Fastify, zod, bcrypt (cost 10), jose HS256, `pg`.
 *   PORT=... DATABASE_URL=postgres://... JWT_SECRET=... node seed-article.ts
 * `POST /auth/login {email, password}` answers `{token, user: {id, email}}`, 400
 * `Validation failed`, 401 `Invalid credentials`. Prints `{ready, port}` when it listens.
 */
import bcrypt from 'bcrypt'
import Fastify from 'fastify'
import { SignJWT } from 'jose'
import pg from 'pg'
import { z } from 'zod'

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
const secret = new TextEncoder().encode(
  process.env.JWT_SECRET ?? 'bench-only-secret-bench-only-secret!!',
)

const LoginBody = z.object({ email: z.string().email(), password: z.string().min(8) })

const app = Fastify({ logger: false })
app.post('/auth/login', async (request, reply) => {
  const parsed = LoginBody.safeParse(request.body)
  if (!parsed.success) {
    return reply.code(400).send({ error: 'Validation failed', details: parsed.error.flatten() })
  }
  const { email, password } = parsed.data
  const { rows } = await pool.query(
    'select id, email, password_hash from seed_article.users where email = $1',
    [email],
  )
  const user = rows[0]
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    return reply.code(401).send({ error: 'Invalid credentials' })
  }
  const token = await new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret)
  return { token, user: { id: user.id, email: user.email } }
})

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ ready: true, port: Number(new URL(address).port) })}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
