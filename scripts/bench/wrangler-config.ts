/** What the bench and the load test need from wrangler.toml: vars, rate limits, compatibility. */
import { readFileSync } from 'node:fs'
import { parseToml, type TomlTable, type TomlValue } from './toml.ts'

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
  /** `[vars]`: strings stay strings; other TOML values are JSON bindings in Workers. */
  vars: Record<string, TomlValue>
  ratelimits: RateLimitConfig[]
}

/**
 * Reads `path` (wrangler.toml). With `env`, vars and ratelimits come from `[env.<env>]`, as
 * wrangler does: neither is inherited from the top level.
 */
export function readWorkerConfig(path = 'wrangler.toml', env?: string): WorkerConfig {
  const root = parseToml(readFileSync(path, 'utf8'))
  const scope = env ? asTable(asTable(root.env)?.[env]) : root
  if (!scope) throw new Error(`${path} has no [env.${env}]`)
  return {
    name: String(scope.name ?? root.name ?? 'worker'),
    compatibilityDate: String(scope.compatibility_date ?? root.compatibility_date ?? '2024-01-01'),
    compatibilityFlags: asStrings(scope.compatibility_flags ?? root.compatibility_flags),
    vars: asTable(scope.vars) ?? {},
    ratelimits: asTables(scope.ratelimits).map((entry) => toRateLimit(entry, path)),
  }
}

function toRateLimit(entry: TomlTable, path: string): RateLimitConfig {
  const simple = asTable(entry.simple) ?? {}
  if (typeof entry.name !== 'string') throw new Error(`${path}: a [[ratelimits]] entry has no name`)
  return {
    name: entry.name,
    namespaceId: String(entry.namespace_id ?? ''),
    limit: Number(simple.limit ?? 0),
    period: Number(simple.period ?? 60),
  }
}

function asTable(value: TomlValue | undefined): TomlTable | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

function asTables(value: TomlValue | undefined): TomlTable[] {
  if (!Array.isArray(value)) return []
  return value.map(asTable).filter((t): t is TomlTable => t !== undefined)
}

function asStrings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : []
}
