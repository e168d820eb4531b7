/** The login implementations the bench runs on workerd, and what is known of each from its code. */
import { readFileSync } from 'node:fs'

const PEERS_MODULES = new URL('../../bench/peers/node_modules/', import.meta.url).pathname

export interface PeerWorker {
  /** The bench scenario is `peer:<name>`. */
  name: 'better-auth-workerd' | 'openauth-workerd'
  /** The npm package whose installed version labels the row. */
  pkg: string
  /** Entry module in bench/peers/workers/. */
  entry: string
  loginPath: string
  /** Probed until it answers: the spawn → first response startup figure. */
  readyPath: string
  /** What it hashes passwords with, read from its code. */
  hash: string
  /** Memory one hash needs: scrypt's 128·N·r bytes. */
  hashMiB: number
  /** Reads the stack's Postgres through the Neon driver and the local proxy. */
  database: boolean
  /** Its storage lives in the isolate: the users are registered through this route. */
  registerPath?: string
}

export const PEER_WORKERS: PeerWorker[] = [
  {
    name: 'better-auth-workerd',
    pkg: 'better-auth',
    entry: 'better-auth.ts',
    loginPath: '/api/auth/sign-in/email',
    readyPath: '/api/auth/ok',
    hash: 'scrypt N=16384, r=16, p=1, 64-byte key: workerd node:crypto (BoringSSL)',
    hashMiB: 32,
    database: true,
  },
  {
    name: 'openauth-workerd',
    pkg: '@openauthjs/openauth',
    entry: 'openauth.ts',
    loginPath: '/bench/login',
    readyPath: '/.well-known/jwks.json',
    hash:
      'scrypt N=16384, r=8, p=1, 32-byte key: workerd node:crypto (BoringSSL). Its other hasher, ' +
      'PBKDF2Hasher, defaults to 600,000 iterations in one deriveBits call: production Workers ' +
      'refuse that (100,000 per call), local workerd does not',
    hashMiB: 16,
    database: false,
    registerPath: '/bench/register',
  },
]

/** The installed version of a peer's package (bench/peers/node_modules). */
export function peerVersion(pkg: string): string {
  const json = readFileSync(`${PEERS_MODULES}${pkg}/package.json`, 'utf8')
  return (JSON.parse(json) as { version: string }).version
}
