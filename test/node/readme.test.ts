/**
 * The README stays true: its route table is the current one, every setting the Worker reads is
 * documented and has its default in wrangler.toml, every command it gives exists, and every
 * file it links to is there.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unstable_readConfig } from 'wrangler'
import { README, withCurrentTable } from '../../scripts/api-reference.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const readme = readFileSync(README, 'utf8')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}
/** Secrets (wrangler secret put / .dev.vars) and bindings: never in [vars]. */
const NOT_VARS = new Set([
  'DATABASE_URL',
  'NEON_LOCAL_PROXY',
  'JWT_SECRET',
  'JWT_PRIVATE_KEYS',
  'PASSWORD_PEPPER',
  'LOCKOUT_SECRET',
  'MFA_ENCRYPTION_KEY',
  'AUTH_RATE_LIMITER',
  'REFRESH_RATE_LIMITER',
])
/** EnvSchema's keys, read from its source (importing it would pull in Workers-only types). */
const envSource = readFileSync(join(ROOT, 'src/config-env.ts'), 'utf8')
const schema = envSource.slice(envSource.indexOf('export const EnvSchema'))
const VARIABLES = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] ?? '')

describe('README.md', () => {
  it('has the current route table (npm run docs:api writes it)', () => {
    expect(withCurrentTable(readme)).toBe(readme)
  })

  it('documents every variable and binding the Worker reads', () => {
    expect(VARIABLES.length).toBeGreaterThan(30)
    const configuration = readme.slice(readme.indexOf('## Configuration'))
    const missing = VARIABLES.filter((name) => !configuration.includes(`\`${name}\``))
    expect(missing).toEqual([])
  })

  it("gives every setting that is not a secret its default in wrangler.toml's [vars] and the load-test copy", () => {
    for (const env of [undefined, 'loadtest']) {
      const { vars } = unstable_readConfig({ config: join(ROOT, 'wrangler.toml'), env }, {})
      const missing = VARIABLES.filter((name) => !NOT_VARS.has(name) && !(name in vars))
      expect(missing, `env ${env ?? 'top-level'}`).toEqual([])
    }
  })

  it('names only npm scripts that exist, and runs wrangler through npm run', () => {
    const named = [...readme.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1])
    expect(named.length).toBeGreaterThan(10)
    expect(named.filter((name) => name && !(name in pkg.scripts))).toEqual([])
    expect(readme).not.toMatch(/npx wrangler/)
  })

  it('links only to files that exist', () => {
    const docs = ['README.md', 'CHANGELOG.md', 'SECURITY.md', 'packages/client/README.md']
    for (const doc of [
      ...docs,
      ...['security', 'architecture', 'testing', 'performance'].map((d) => `docs/${d}.md`),
    ]) {
      const text = readFileSync(join(ROOT, doc), 'utf8')
      const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1] ?? '')
      const local = links.filter((link) => !/^https?:/.test(link))
      const broken = local.filter((link) => !existsSync(join(ROOT, dirname(doc), link)))
      expect(broken, doc).toEqual([])
    }
  })
})
