/**
 * Builds what the bench serves: the Worker exactly as `wrangler deploy` would upload it
 * (`--dry-run --outdir`, minified per wrangler.toml), and the baseline workers, each bundled by
 * esbuild the way wrangler bundles (ES module, workerd/worker/browser export conditions).
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const run = promisify(execFile)
const WORKERS_DIR = new URL('./workers/', import.meta.url)

/** The baseline workers and the rate limiter module, by output name. */
export const BASELINE_SOURCES = {
  hello: 'hello.ts',
  pbkdf2: 'pbkdf2.ts',
  query: 'one-query.ts',
  ratelimit: 'ratelimit.ts',
} as const
export type BaselineName = keyof typeof BASELINE_SOURCES

export interface BundleInfo {
  /** The ES module, absolute. */
  path: string
  bytes: number
  /** gzip (zlib level 9) of the module, as the bench measures it. */
  gzipBytes: number
  /** wrangler's own "Total Upload: x KiB / gzip: y KiB" line, when it printed one. */
  wrangler?: { totalKiB: number; gzipKiB: number }
  /** Minified bytes by npm package / src (service bundle only). */
  composition?: BundlePart[]
}

/** Environment for wrangler on a machine without network: no metrics, no cf download. */
export const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
}

export function wranglerBin(): string {
  return join(process.cwd(), 'node_modules/wrangler/bin/wrangler.js')
}

/** `wrangler deploy --dry-run --outdir <outDir>` (top-level environment); `<outDir>/index.js`. */
export async function buildServiceBundle(outDir: string): Promise<BundleInfo> {
  const { stdout, stderr } = await run(
    process.execPath,
    [wranglerBin(), 'deploy', '--dry-run', '--outdir', outDir, '--env='],
    { env: WRANGLER_ENV, maxBuffer: 16 << 20 },
  )
  const path = join(outDir, 'index.js')
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout + stderr)
  const info = sizeOf(path)
  if (match) info.wrangler = { totalKiB: Number(match[1]), gzipKiB: Number(match[2]) }
  info.composition = await bundleComposition()
  return info
}

/** Bundles every baseline into `<outDir>/<name>.js`. */
export async function buildBaselines(outDir: string): Promise<Record<BaselineName, BundleInfo>> {
  const entries = Object.entries(BASELINE_SOURCES) as [BaselineName, string][]
  const built = await Promise.all(
    entries.map(async ([name, source]) => {
      const path = join(outDir, `${name}.js`)
      await build({
        entryPoints: [new URL(source, WORKERS_DIR).pathname],
        outfile: path,
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: ['workerd', 'worker', 'browser'],
        target: 'es2022',
        minify: true,
        logLevel: 'error',
      })
      return [name, sizeOf(path)] as const
    }),
  )
  return Object.fromEntries(built) as Record<BaselineName, BundleInfo>
}

/** A share of the bundle: an npm package or a directory of src/. */
export interface BundlePart {
  name: string
  bytes: number
  share: number
}

/**
 * What the Worker bundle is made of: src/index.ts bundled again by esbuild the way wrangler does
 * (minified), its metafile's output bytes summed by npm package or src/ directory.
 */
export async function bundleComposition(entry = 'src/index.ts'): Promise<BundlePart[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    minify: true,
    metafile: true,
    write: false,
    outfile: 'composition.js',
    logLevel: 'error',
  })
  const [output] = Object.values(result.metafile.outputs)
  const parts = new Map<string, number>()
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]
    const name = pkg ?? (path.startsWith('src/') ? 'src (ours)' : path)
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput)
  }
  const total = output?.bytes ?? 1
  return [...parts]
    .map(([name, bytes]) => ({ name, bytes, share: bytes / total }))
    .sort((a, b) => b.bytes - a.bytes)
}

function sizeOf(path: string): BundleInfo {
  const bytes = readFileSync(path)
  return { path, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength }
}
