/**
 * The install-script policy holds as declared: every package of the lockfile with an install
 * script has an `allowScripts` entry in package.json (esbuild and workerd run, scarf's telemetry
 * does not), and .npmrc makes npm enforce it. npm reads `allowScripts` from 11.16 on (a `false`
 * entry skips the script); npm 10 ignores it, so scarf's own opt-out (`scarfSettings.enabled:
 * false` in the root package.json, read by @scarf/scarf's report.js) turns the telemetry off
 * there. strict-allow-scripts turns a new, unreviewed install script into a failed install.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  allowScripts: Record<string, boolean>
  scarfSettings?: { enabled?: boolean }
}
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { hasInstallScript?: boolean }>
}
const npmrc = read('.npmrc')

describe('install scripts', () => {
  it('has a declared answer for every package of the lockfile that has one', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    expect(withScripts.length).toBeGreaterThan(2)
    const undeclared = withScripts.filter((name) => typeof pkg.allowScripts[name] !== 'boolean')
    expect(undeclared).toEqual([])
    expect(pkg.allowScripts['@scarf/scarf']).toBe(false)
  })

  it('is enforced by npm 11, unreviewed scripts fail; scarf is off on npm 10 too', () => {
    expect(npmrc).toMatch(/^strict-allow-scripts=true$/m)
    expect(pkg.scarfSettings?.enabled).toBe(false)
  })
})
