/** What the bench reads from wrangler.toml (through wrangler) and the workerd config it generates. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  bindingsFor,
  RATE_LIMIT_MODULE,
  renderCapnp,
  str,
} from '../../scripts/lib/workerd/capnp.ts'
import { readWorkerConfig } from '../../scripts/lib/workerd/wrangler-config.ts'

const WRANGLER_TOML = `name = "edge-auth"
main = "src/index.ts"
compatibility_date = "2026-11-01"
compatibility_flags = [
  "nodejs_compat", # a comment inside an array
]
minify = true

[vars]
JWT_ISSUER = "edge-auth" # trailing comment
ACCESS_TOKEN_TTL = "900"
FEATURES = { a = 1 }
GREETING = """
two
lines"""

[[ratelimits]]
name = "AUTH_RATE_LIMITER"
namespace_id = "1001"
simple = { limit = 20, period = 60 }

[env.loadtest]
name = "edge-auth-loadtest"
vars = { JWT_ISSUER = 'edge-auth-lt' }

[[env.loadtest.ratelimits]]
name = "AUTH_RATE_LIMITER"
namespace_id = "1002"
simple = { limit = 1_000_000, period = 10 }
`

function writeConfig(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-toml-')), 'wrangler.toml')
  writeFileSync(path, text)
  return path
}

describe('readWorkerConfig', () => {
  it('takes vars, rate limits and compatibility settings from the top level', () => {
    const config = readWorkerConfig(writeConfig(WRANGLER_TOML))
    expect(config).toEqual({
      name: 'edge-auth',
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      vars: {
        JWT_ISSUER: 'edge-auth',
        ACCESS_TOKEN_TTL: '900',
        FEATURES: { a: 1 },
        GREETING: 'two\nlines',
      },
      ratelimits: [{ name: 'AUTH_RATE_LIMITER', namespaceId: '1001', limit: 20, period: 60 }],
    })
  })

  it('reads an environment without inheriting vars or rate limits', () => {
    const config = readWorkerConfig(writeConfig(WRANGLER_TOML), 'loadtest')
    expect(config.name).toBe('edge-auth-loadtest')
    expect(config.vars).toEqual({ JWT_ISSUER: 'edge-auth-lt' })
    expect(config.ratelimits[0]).toMatchObject({
      limit: 1_000_000,
      period: 10,
      namespaceId: '1002',
    })
    expect(() => readWorkerConfig(writeConfig(WRANGLER_TOML), 'staging')).toThrow(
      /No environment found .*"staging"/,
    )
  })

  it("reads this repository's wrangler.toml: the limits the bench and the load test report", () => {
    const top = readWorkerConfig()
    expect(top.compatibilityDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(top.vars).toMatchObject({ PASSWORD_ITERATIONS: '600000' })
    expect(top.ratelimits.map((r) => r.name)).toContain('AUTH_RATE_LIMITER')
    const loadtest = readWorkerConfig('wrangler.toml', 'loadtest')
    expect(loadtest.name).toBe('edge-auth-loadtest')
    expect(loadtest.vars).toEqual(top.vars)
    const limit = (c: typeof top) => c.ratelimits.find((r) => r.name === 'AUTH_RATE_LIMITER')?.limit
    expect(limit(loadtest)).toBeGreaterThan(limit(top) ?? Number.POSITIVE_INFINITY)
    // Its own namespaces: a load test never spends or shares production's per-IP budget.
    const ids = (c: typeof top) => c.ratelimits.map((r) => r.namespaceId)
    expect(ids(loadtest)).toHaveLength(ids(top).length)
    for (const id of ids(loadtest)) expect(ids(top)).not.toContain(id)
  })

  it('refuses a config wrangler refuses, naming the file', () => {
    const path = writeConfig('name = "x"\n[[ratelimits]]\nname = "L"\n')
    expect(() => readWorkerConfig(path)).toThrow(path)
  })
})

describe('the workerd config', () => {
  const config = readWorkerConfig(writeConfig(WRANGLER_TOML))
  const bindings = bindingsFor(config, { DATABASE_URL: 'http://127.0.0.1:1/db' }, 1e9)
  const capnp = renderCapnp(
    [
      {
        name: 'main',
        module: 'service/index.js',
        port: 8787,
        compatibilityDate: config.compatibilityDate,
        compatibilityFlags: config.compatibilityFlags,
        bindings,
      },
    ],
    'base/ratelimit.js',
  )

  it('binds vars as text (or JSON), extras as text, rate limits as wrapped bindings', () => {
    expect(capnp).toContain('(name = "JWT_ISSUER", text = "edge-auth")')
    expect(capnp).toContain('(name = "FEATURES", json = "{\\"a\\":1}")')
    expect(capnp).toContain('(name = "DATABASE_URL", text = "http://127.0.0.1:1/db")')
    expect(capnp).toContain(
      `(name = "AUTH_RATE_LIMITER", wrapped = (moduleName = "${RATE_LIMIT_MODULE}", innerBindings = [(name = "limit", json = "1000000000"), (name = "period", json = "60")]))`,
    )
    expect(capnp).toContain(
      `(name = "${RATE_LIMIT_MODULE}", esModule = embed "base/ratelimit.js", internal = true)`,
    )
  })

  it('listens on loopback and lets the Worker reach loopback through the global outbound', () => {
    expect(capnp).toContain('address = "127.0.0.1:8787"')
    expect(capnp).toContain('network = (allow = ["public", "private", "local"])')
    expect(capnp).toContain('globalOutbound = "internet"')
    expect(capnp).toContain('compatibilityFlags = ["nodejs_compat"]')
  })

  it('escapes capnp strings', () => {
    expect(str('a"b\\c\nd\x01é')).toBe('"a\\"b\\\\c\\nd\\x01é"')
  })
})
