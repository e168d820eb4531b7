/**
 * Generates the workerd config (capnp text) the bench serves its workers with: one socket per
 * worker on 127.0.0.1, text/JSON bindings, rate-limit bindings as wrapped bindings over the
 * bench's in-memory limiter, and a `network` service as global outbound so that the Worker can
 * reach the local Neon-protocol proxy on loopback (workerd refuses private addresses otherwise).
 */
import type { WorkerConfig } from './wrangler-config.ts'

/** The module name of the bench's rate limiter (an extension module, so internal). */
export const RATE_LIMIT_MODULE = 'edge-auth-bench:ratelimit'

export type Binding =
  | { name: string; text: string }
  | { name: string; json: string }
  | { name: string; rateLimit: { limit: number; period: number } }

export interface WorkerSpec {
  /** A capnp identifier: letters and digits. */
  name: string
  /** The ES module file, relative to the config file's directory. */
  module: string
  port: number
  compatibilityDate: string
  compatibilityFlags: string[]
  bindings: Binding[]
  /** An absolute directory served to the Worker as its ASSETS binding (the static assets). */
  assetsDir?: string
}

/** Bindings from wrangler.toml's `[vars]` and `[[ratelimits]]`, plus `extra` text bindings. */
export function bindingsFor(
  config: WorkerConfig,
  extra: Record<string, string>,
  rateLimit: number,
): Binding[] {
  const vars: Binding[] = Object.entries(config.vars).map(([name, value]) =>
    varBinding(name, value),
  )
  const extras: Binding[] = Object.entries(extra).map(([name, text]) => ({ name, text }))
  const limits: Binding[] = config.ratelimits.map(({ name, period }) => ({
    name,
    rateLimit: { limit: rateLimit, period },
  }))
  return [...vars, ...extras, ...limits]
}

function varBinding(name: string, value: unknown): Binding {
  return typeof value === 'string' ? { name, text: value } : { name, json: JSON.stringify(value) }
}

/** The whole config; `rateLimitModule` is the limiter's file, relative to the config file. */
export function renderCapnp(workers: WorkerSpec[], rateLimitModule: string): string {
  const services = workers.map((w) => `    (name = ${str(w.name)}, worker = .${w.name}Worker),`)
  // A disk service answers GET <path> with the file, as the ASSETS binding does in production.
  for (const w of workers)
    if (w.assetsDir)
      services.push(
        `    (name = ${str(`${w.name}Assets`)}, disk = (path = ${str(w.assetsDir)}, writable = false)),`,
      )
  const sockets = workers.map(
    (w) =>
      `    (name = ${str(w.name)}, address = ${str(`127.0.0.1:${w.port}`)}, http = (), service = ${str(w.name)}),`,
  )
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${services.join('\n')}
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
${sockets.join('\n')}
  ],
  extensions = [
    (modules = [(name = ${str(RATE_LIMIT_MODULE)}, esModule = embed ${str(rateLimitModule)}, internal = true)]),
  ],
);
${workers.map(renderWorker).join('\n')}`
}

function renderWorker(w: WorkerSpec): string {
  return `
const ${w.name}Worker :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed ${str(w.module)})],
  compatibilityDate = ${str(w.compatibilityDate)},
  compatibilityFlags = [${w.compatibilityFlags.map(str).join(', ')}],
  bindings = [
${w.bindings.map((b) => `    ${renderBinding(b)},`).join('\n')}
${w.assetsDir ? `    (name = "ASSETS", service = ${str(`${w.name}Assets`)}),` : ''}
  ],
  globalOutbound = "internet",
);
`
}

function renderBinding(b: Binding): string {
  if ('text' in b) return `(name = ${str(b.name)}, text = ${str(b.text)})`
  if ('json' in b) return `(name = ${str(b.name)}, json = ${str(b.json)})`
  const inner = [
    `(name = "limit", json = ${str(String(b.rateLimit.limit))})`,
    `(name = "period", json = ${str(String(b.rateLimit.period))})`,
  ]
  return `(name = ${str(b.name)}, wrapped = (moduleName = ${str(RATE_LIMIT_MODULE)}, innerBindings = [${inner.join(', ')}]))`
}

/** A capnp text literal: C-style escapes; UTF-8 passes through. */
export function str(value: string): string {
  let escaped = ''
  for (const c of value) {
    const code = c.codePointAt(0) as number
    if (c === '\\' || c === '"') escaped += `\\${c}`
    else if (c === '\n') escaped += '\\n'
    else if (c === '\t') escaped += '\\t'
    else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, '0')}`
    else escaped += c
  }
  return `"${escaped}"`
}
