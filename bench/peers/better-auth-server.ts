/**
 * Better Auth's email sign-in (`POST /api/auth/sign-in/email`) on Node's http server.
 *   PORT=... DATABASE_URL=postgres://... node better-auth-server.ts
 * Prints one JSON line `{ready, port}` when it listens (127.0.0.1 only).
 */
import { createServer } from 'node:http'
import { toNodeHandler } from 'better-auth/node'
import { createAuth } from './better-auth.ts'

const port = Number(process.env.PORT ?? 0)
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const { auth } = createAuth(databaseUrl, `http://127.0.0.1:${port}`)
const server = createServer(toNodeHandler(auth))
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  process.stdout.write(`${JSON.stringify({ ready: true, port: actual })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
