/**
 * What the bench and the load test need from wrangler.toml: vars, rate limits, compatibility.
 * Read by wrangler itself (`unstable_readConfig`, the function behind every wrangler command),
 * so TOML, JSON(C) configs and environments resolve exactly as `wrangler deploy` resolves them.
 * The export is "unstable": wrangler is pinned in package.json, and test/node/bench-config.test.ts
 * reads a config through it, so an upgrade that changes it fails there first.
 */
import { unstable_readConfig } from 'wrangler'

/** One `[[ratelimits]]` entry: a Workers Rate Limiting binding. */
export interface RateLimitConfig {
  name: string
  namespaceId: string
  limit: number
  period: number
}

export interface WorkerConfig {
  name: string
  compatibilityDate: string
  compatibilityFlags: string[]
  /** `[vars]`: strings stay strings; other values are JSON bindings in Workers. */
  vars: Record<string, unknown>
  ratelimits: RateLimitConfig[]
}

/**
 * The fields read here, as wrangler's config-schema.json (shipped in the package) declares them.
 * wrangler's own `Config` type comes from a package it does not ship (@cloudflare/workers-utils),
 * so TypeScript sees `any`: this is the part we rely on, checked below.
 */
interface ReadConfig {
  name?: string
  compatibility_date?: string
  compatibility_flags?: string[]
  vars?: Record<string, unknown>
  ratelimits?: { name: string; namespace_id: string; simple: { limit: number; period: number } }[]
}

/**
 * Reads `path` (wrangler.toml). With `env`, the `[env.<env>]` view, as wrangler resolves it:
 * vars and bindings are not inherited from the top level; an unknown env throws.
 */
export function readWorkerConfig(path = 'wrangler.toml', env?: string): WorkerConfig {
  let config: ReadConfig
  try {
    // hideWarnings: the scripts' output is their tables, not wrangler's notes on the config.
    config = unstable_readConfig({ config: path, env }, { hideWarnings: true })
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error })
  }
  if (!Array.isArray(config.ratelimits) || typeof config.vars !== 'object')
    throw new Error(`${path}: wrangler's config has no ratelimits/vars (did its shape change?)`)
  return {
    name: config.name ?? 'worker',
    compatibilityDate: config.compatibility_date ?? '2024-01-01',
    compatibilityFlags: config.compatibility_flags ?? [],
    vars: config.vars,
    ratelimits: config.ratelimits.map((entry) => ({
      name: entry.name,
      namespaceId: entry.namespace_id,
      limit: entry.simple.limit,
      period: entry.simple.period,
    })),
  }
}
