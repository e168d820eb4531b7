/**
 * `npm test` does not depend on a developer's .dev.vars (issue 17, item 5): the Workers pool
 * loads that file, so every variable it may hold must be given again as a binding in
 * vitest.config.ts, which wins over it, either from wrangler.toml's [vars] or by name.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'

const ROOT = new URL('../../', import.meta.url).pathname
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')

describe('the suite and .dev.vars', () => {
  it('binds every variable .dev.vars.example names, so a local value never reaches a test', () => {
    const names = read('.dev.vars.example')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined)
    expect(names).toContain('JWT_PRIVATE_KEYS')
    const vars = unstable_readConfig(
      { config: join(ROOT, 'wrangler.toml') },
      { hideWarnings: true },
    ).vars as Record<string, unknown>
    const config = read('vitest.config.ts')
    const bindings = config.slice(config.indexOf('bindings: {'), config.indexOf('ratelimits: {'))
    expect(config).toContain('...WRANGLER_VARS')
    const unbound = names.filter(
      (name) => !(name in vars) && !new RegExp(`^\\s+${name}:`, 'm').test(bindings),
    )
    expect(unbound).toEqual([])
  })
})
