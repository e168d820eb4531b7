/**
 * Proves @edge-auth/client installs and works the way another project would use it (issue 17.2):
 *  1. build it (scripts/build-package.ts) and `npm pack` it: only dist/, README, LICENSE and
 *     package.json go in, and the tarball stays small;
 *  2. install the tarball into a scratch project (its dependencies from npm's cache when there);
 *  3. type-check a consumer with the configuration `tsc --init` writes, and with skipLibCheck off
 *     so the shipped declarations are checked too; the consumer holds a `@ts-expect-error` that
 *     only holds if the response types are real (not `any`);
 *  4. run the compiled consumer in plain Node: it verifies a token it signed through the
 *     verifier's key-set fetch, and logs in through the client against a stub of the service;
 *  5. bundle the same consumer with esbuild for the browser and for Node, and run the Node one.
 *
 *   node scripts/check-package.ts
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { buildPackage, PACKAGE } from './build-package.ts'

const ROOT = new URL('..', import.meta.url).pathname
const MAX_TARBALL_BYTES = 200_000
const ALLOWED = /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts))$/

const fail = (message: string): never => {
  console.error(`check-package: FAIL: ${message}`)
  process.exit(1)
}
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })

/** What another project writes: the verifier in a backend, the client against the service. */
const CONSUMER = `import { createAuthClient, memoryStorage, type TokenPair } from '@edge-auth/client'
import { type AccessTokenClaims, createAccessTokenVerifier } from '@edge-auth/client/verifier'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

const { publicKey, privateKey } = await generateKeyPair('EdDSA')
const key = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }
const verify = createAccessTokenVerifier({
  jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
  issuer: 'edge-auth',
  audience: 'my-app',
  fetch: async () => Response.json({ keys: [key] }),
})
const token = await new SignJWT({ sid: 's1', email: 'ada@example.com', role: 'user', jti: 'j1' })
  .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' })
  .setSubject('u1')
  .setIssuer('edge-auth')
  .setAudience('my-app')
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(privateKey)
const claims: AccessTokenClaims = await verify(token)
if (claims.email !== 'ada@example.com') throw new Error('the verifier returned the wrong claims')

const pair: TokenPair = {
  token,
  refreshToken: 'r1',
  expiresIn: 300,
  user: { id: 'u1', email: 'ada@example.com', role: 'user' },
}
// @ts-expect-error A token pair has no password: this line only compiles if the types are real.
pair.password
const client = createAuthClient({
  baseUrl: 'https://auth.example.com',
  mode: 'bearer',
  storage: memoryStorage(),
  fetch: async () => Response.json(pair),
})
const state = await client.login({ email: 'ada@example.com', password: 'correct horse battery' })
if (state.user.email !== 'ada@example.com' || client.state?.token !== token)
  throw new Error('the client did not sign in')
console.log('consumer: ok')
`

await buildPackage()
const scratch = mkdtempSync(join(tmpdir(), 'edge-auth-consumer-'))
try {
  const [packed] = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', scratch], PACKAGE),
  ) as { filename: string; size: number; files: { path: string }[] }[]
  if (!packed) throw new Error('npm pack printed nothing')
  const stray = packed.files.map((f) => f.path).filter((path) => !ALLOWED.test(path))
  if (stray.length > 0) fail(`the tarball holds files it should not: ${stray.join(', ')}`)
  if (packed.size > MAX_TARBALL_BYTES) fail(`the tarball is ${packed.size} bytes`)

  writeFileSync(
    join(scratch, 'package.json'),
    '{ "name": "consumer", "private": true, "type": "module" }\n',
  )
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${packed.filename}`],
    scratch,
  )
  writeFileSync(join(scratch, 'consumer.ts'), CONSUMER)

  const tsc = [join(ROOT, 'node_modules/typescript/bin/tsc')]
  run(process.execPath, [...tsc, '--init'], scratch)
  run(process.execPath, [...tsc, '-p', '.', '--skipLibCheck', 'false', '--noEmit'], scratch)
  run(process.execPath, [...tsc, '-p', '.'], scratch)
  const plain = run(process.execPath, ['consumer.js'], scratch)
  if (!plain.includes('consumer: ok')) fail(`plain Node printed: ${plain}`)
  // The oldest Node the package's engines field names, when this machine has one (its system
  // Node 20), so that the field is a tested claim and not a guess.
  const oldest = oldestNode()
  if (oldest) {
    const older = run(oldest.path, ['consumer.js'], scratch)
    if (!older.includes('consumer: ok')) fail(`Node ${oldest.version} printed: ${older}`)
  }

  for (const platform of ['browser', 'node'] as const)
    await build({
      entryPoints: [join(scratch, 'consumer.ts')],
      outfile: join(scratch, `bundle-${platform}.mjs`),
      absWorkingDir: scratch,
      bundle: true,
      format: 'esm',
      platform,
      target: 'es2022',
      logLevel: 'warning',
    })
  const bundled = run(process.execPath, ['bundle-node.mjs'], scratch)
  if (!bundled.includes('consumer: ok')) fail(`the bundle printed: ${bundled}`)
  console.log(
    `check-package: ok (${packed.filename}, ${packed.size} bytes, ${packed.files.length} files): ` +
      `installed, type-checked by a default tsc, run in Node ${[process.versions.node, oldest?.version].filter(Boolean).join(' and ')}, bundled by esbuild`,
  )
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

/** The machine's own Node 20 (the engines floor), if it has one besides the running Node. */
function oldestNode(): { path: string; version: string } | undefined {
  const path = '/usr/bin/node'
  if (!existsSync(path) || path === process.execPath) return undefined
  const version = execFileSync(path, ['-p', 'process.versions.node']).toString().trim()
  return version.startsWith('20.') ? { path, version } : undefined
}
