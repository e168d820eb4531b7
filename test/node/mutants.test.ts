/**
 * The mutant list and the runner's seams (scripts/mutants/): every declared break still applies
 * to the code as it is now, so a refactoring that moves the text to break fails here, in the
 * normal run, before `npm run test:mutants` would.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { prepareAll, prepareMutant, projectOf } from '../../scripts/mutants/apply.ts'
import { mutantPlugin, setActiveMutant } from '../../scripts/mutants/plugin.ts'
import { MUTANTS, type Mutant } from '../mutants/mutants.ts'

const ROOT = resolve(import.meta.dirname, '../..')

describe('test/mutants/mutants.ts', () => {
  it('lists only breaks that apply exactly once, parse, and name existing tests', () => {
    const { prepared, problems } = prepareAll(MUTANTS, ROOT)
    expect(problems).toEqual([])
    expect(prepared).toHaveLength(MUTANTS.length)
  })
})

describe('prepareMutant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mutants-'))
  writeFileSync(join(dir, 'code.ts'), 'export const a = 1\nexport const b = 1\n')
  const base: Mutant = {
    id: 'example',
    file: 'code.ts',
    find: 'a = 1',
    replace: 'a = 2',
    tests: [],
    why: 'an example',
  }
  const problems = (overrides: Partial<Mutant>) => {
    const result = prepareMutant({ ...base, ...overrides }, dir, { checkTests: false })
    return result.ok ? [] : result.problems
  }

  it('applies a replacement of text that occurs once', () => {
    const result = prepareMutant({ ...base, tests: ['test/x.test.ts'] }, dir, { checkTests: false })
    expect(result.ok && result.prepared.code.get(join(dir, 'code.ts'))).toBe(
      'export const a = 2\nexport const b = 1\n',
    )
  })

  it('refuses text found twice or not at all, a no-op, code that does not parse, no tests', () => {
    expect(problems({ find: ' = 1', tests: ['test/x.test.ts'] })).toEqual([
      'code.ts: the text to break occurs 2 times, not once',
    ])
    expect(problems({ find: 'c = 1', tests: ['test/x.test.ts'] })).toEqual([
      'code.ts: the text to break occurs 0 times, not once',
    ])
    expect(problems({ replace: 'a = 1', tests: ['test/x.test.ts'] })).toEqual([
      'code.ts: the replacement changes nothing',
    ])
    expect(problems({ replace: 'a = (', tests: ['test/x.test.ts'] })[0]).toMatch(/does not parse/)
    expect(problems({ tests: [] })).toEqual(['no tests listed'])
  })

  it('takes only test files of the workers and node projects', () => {
    expect(projectOf('test/routes/refresh.test.ts')).toBe('workers')
    expect(projectOf('test/node/mutants.test.ts')).toBe('node')
    expect(projectOf('test/e2e/demo.e2e.ts')).toBeUndefined()
    expect(projectOf('test/helpers/app.ts')).toBeUndefined()
    expect(problems({ tests: ['test/e2e/demo.e2e.ts'] })).toEqual([
      'test/e2e/demo.e2e.ts is not a test file of the workers or node project',
    ])
  })
})

describe('mutantPlugin', () => {
  afterEach(() => setActiveMutant(undefined))
  const load = (id: string) =>
    (mutantPlugin().load as (id: string) => string | undefined).call({}, id)

  it('serves the active mutant for its file only, and counts the loads; inert otherwise', () => {
    expect(load('/repo/src/a.ts')).toBeUndefined()
    const loads = new Map<string, number>()
    setActiveMutant({ code: new Map([['/repo/src/a.ts', 'mutated']]), loads })
    expect(load('/repo/src/a.ts?v=1')).toBe('mutated')
    expect(load('/repo/src/b.ts')).toBeUndefined()
    expect(loads.get('/repo/src/a.ts')).toBe(1)
    setActiveMutant(undefined)
    expect(load('/repo/src/a.ts')).toBeUndefined()
  })
})
