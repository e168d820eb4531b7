/**
 * The peers on workerd (bench/peers/workers): each built as `wrangler deploy` would upload it
 * (a generated wrangler config, `nodejs_compat`, minified) and served by the same workerd binary
 * as our service, each in its own workerd process so /proc gives its CPU alone.
 */
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { freePorts } from '../lib/free-ports.ts'
import { WRANGLER_ENV, wranglerBin } from '../lib/workerd/build.ts'
import type { WorkerSpec } from '../lib/workerd/capnp.ts'
import { startWorkerd, type WorkerdServer } from '../lib/workerd/server.ts'
import type { PeerWorker } from './peer-list.ts'

const run = promisify(execFile)
const WORKERS_DIR = new URL('../../bench/peers/workers/', import.meta.url).pathname

export interface BuiltPeer {
  /** The ES module, relative to the work directory (as WorkerSpec wants it). */
  module: string
  /** `wrangler deploy --outfile`'s upload, for `wrangler check startup --worker`. */
  upload: string
  bytes: number
  gzipBytes: number
}

/**
 * `wrangler deploy --dry-run` of the peer with a generated config. `vars` go into the config too,
 * so that the upload `wrangler check startup` runs has the bindings the module scope reads.
 */
export async function buildPeerWorker(
  peer: PeerWorker,
  workDir: string,
  compatibilityDate: string,
  vars: Record<string, string>,
): Promise<BuiltPeer> {
  const config = join(workDir, `peer-${peer.name}.toml`)
  const lines = [
    `name = "bench-peer-${peer.name}"`,
    `main = ${JSON.stringify(join(WORKERS_DIR, peer.entry))}`,
    `compatibility_date = "${compatibilityDate}"`,
    // Both peers' docs ask for it; from 2026-08-04 it is also the default.
    'compatibility_flags = ["nodejs_compat"]',
    'minify = true',
    '[vars]',
    ...Object.entries(vars).map(([name, value]) => `${name} = ${JSON.stringify(value)}`),
  ]
  writeFileSync(config, `${lines.join('\n')}\n`)
  const outDir = join(workDir, `peer-${peer.name}`)
  const upload = `${outDir}.upload`
  await run(
    process.execPath,
    [
      wranglerBin(),
      'deploy',
      '--dry-run',
      '--outdir',
      outDir,
      '--outfile',
      upload,
      '--config',
      config,
    ],
    { env: WRANGLER_ENV, maxBuffer: 16 << 20, timeout: 120_000 },
  )
  const path = join(outDir, `${basename(peer.entry, '.ts')}.js`)
  const bytes = readFileSync(path)
  return {
    module: relative(workDir, path),
    upload,
    bytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
  }
}

export interface PeerServe {
  workDir: string
  rateLimitModule: string
  compatibilityDate: string
  /** Text bindings; BETTER_AUTH_URL is added per port. */
  vars: Record<string, string>
}

/** One workerd process serving only `peer`, on a free loopback port. */
export async function startPeerWorker(
  peer: PeerWorker,
  built: BuiltPeer,
  serve: PeerServe,
  name = `peer-${peer.name}`,
): Promise<WorkerdServer> {
  const [port] = (await freePorts(1)) as [number]
  const vars = { ...serve.vars, BETTER_AUTH_URL: `http://127.0.0.1:${port}` }
  const spec: WorkerSpec = {
    name: peer.name.replace(/[^a-z0-9]/gi, ''),
    module: built.module,
    port,
    compatibilityDate: serve.compatibilityDate,
    compatibilityFlags: ['nodejs_compat'],
    bindings: Object.entries(vars).map(([binding, text]) => ({ name: binding, text })),
  }
  return startWorkerd({
    dir: serve.workDir,
    name,
    workers: [spec],
    rateLimitModule: serve.rateLimitModule,
    readyPaths: { [spec.name]: peer.readyPath },
  })
}

/** The server's base URL (it serves one worker). */
export const baseUrl = (server: WorkerdServer) => Object.values(server.urls)[0] as string
