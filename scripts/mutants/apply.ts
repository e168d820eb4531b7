/**
 * Turns a declared mutant (test/mutants/mutants.ts) into the mutated text of its files, refusing
 * anything stale or malformed: a `find` that does not occur exactly once, a replacement that
 * changes nothing or does not parse, a test file that is missing or outside the workers and node
 * projects. Pure except for reading files, so CI checks the whole list in the normal test run
 * (test/node/mutants.test.ts) before the runner spends time on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import ts from 'typescript'
import type { Edit, Mutant } from '../../test/mutants/mutants.ts'

export type Project = 'workers' | 'node'

export interface PreparedMutant {
  mutant: Mutant
  /** Absolute path → mutated text. */
  code: Map<string, string>
  /** Absolute test file paths, by project. */
  tests: { project: Project; file: string }[]
}

/** The vitest project a test file belongs to (vitest.config.ts); e2e is never a mutant's test. */
export function projectOf(testFile: string): Project | undefined {
  if (!/^test\/.*\.test\.ts$/.test(testFile)) return undefined
  if (testFile.startsWith('test/node/')) return 'node'
  if (testFile.startsWith('test/e2e/')) return undefined
  return 'workers'
}

function occurrences(text: string, find: string): number {
  let count = 0
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) count++
  return count
}

function syntaxErrors(file: string, code: string): string[] {
  const out = ts.transpileModule(code, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

/** The mutated files of one mutant, or the reasons it cannot be applied. */
export function prepareMutant(
  mutant: Mutant,
  root: string,
  options: { checkTests?: boolean } = {},
): { ok: true; prepared: PreparedMutant } | { ok: false; problems: string[] } {
  const problems: string[] = []
  const code = new Map<string, string>()
  for (const edit of [mutant as Edit, ...(mutant.also ?? [])]) {
    const path = resolve(root, edit.file)
    if (!existsSync(path)) {
      problems.push(`${edit.file} does not exist`)
      continue
    }
    const text = code.get(path) ?? readFileSync(path, 'utf8')
    const found = edit.find === '' ? 0 : occurrences(text, edit.find)
    if (found !== 1)
      problems.push(`${edit.file}: the text to break occurs ${found} times, not once`)
    else if (edit.replace === edit.find)
      problems.push(`${edit.file}: the replacement changes nothing`)
    else
      code.set(
        path,
        text.replace(edit.find, () => edit.replace),
      )
  }
  for (const [path, text] of code) {
    const errors = syntaxErrors(path, text)
    if (errors.length) problems.push(`${path}: the mutated file does not parse: ${errors[0]}`)
  }
  const tests: PreparedMutant['tests'] = []
  if (mutant.tests.length === 0) problems.push('no tests listed')
  for (const test of mutant.tests) {
    const project = projectOf(test)
    if (!project) problems.push(`${test} is not a test file of the workers or node project`)
    else if (options.checkTests !== false && !existsSync(resolve(root, test)))
      problems.push(`${test} does not exist`)
    else tests.push({ project, file: resolve(root, test) })
  }
  return problems.length ? { ok: false, problems } : { ok: true, prepared: { mutant, code, tests } }
}

/** Every mutant prepared, or every problem of the list (ids must be unique and kebab-case). */
export function prepareAll(
  mutants: Mutant[],
  root: string,
  options: { checkTests?: boolean } = {},
): { prepared: PreparedMutant[]; problems: string[] } {
  const prepared: PreparedMutant[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  for (const mutant of mutants) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(mutant.id))
      problems.push(`${mutant.id}: not a kebab-case id`)
    if (seen.has(mutant.id)) problems.push(`${mutant.id}: declared twice`)
    seen.add(mutant.id)
    const result = prepareMutant(mutant, root, options)
    if (result.ok) prepared.push(result.prepared)
    else problems.push(...result.problems.map((problem) => `${mutant.id}: ${problem}`))
  }
  return { prepared, problems }
}
