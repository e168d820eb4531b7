/**
 * The shape of src/ stays as docs/architecture.md describes it: no two files share a name (a
 * stack trace, an editor tab or a review note naming `devices.ts` names one file), and relative
 * imports never run in a circle (types live with what they describe, so imports run one way).
 * Both are read from the source text: no bundler, no new dependency.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = new URL('../../src/', import.meta.url).pathname

/** Every .ts file under src/, as paths relative to src/. */
function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .sort()
}

/**
 * The relative modules a file imports or re-exports, type-only ones included: `import … from
 * './x.ts'` and `export … from './x.ts'` (over several lines too), `import './x.ts'` and
 * `import('./x.ts')`. Statements start a line, so comments and strings that mention them do not.
 * `runtimeOnly` leaves out `import type` and `export type`, which TypeScript erases.
 */
function relativeImports(source: string, { runtimeOnly = false } = {}): string[] {
  const statement = runtimeOnly ? '(?:import|export)\\s(?!type\\s)' : '(?:import|export)\\s'
  const patterns = [
    new RegExp(`^${statement}[^;'"]*?\\bfrom\\s*['"](\\.{1,2}\\/[^'"]+)['"]`, 'gm'),
    /^import\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ]
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] ?? ''))
}

/** src/ as a graph: file → the src/ files it imports (relative to src/). */
function importGraph(files: string[], runtimeOnly = false): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const source = readFileSync(join(SRC, file), 'utf8')
      const targets = relativeImports(source, { runtimeOnly }).map((spec) =>
        relative(SRC, resolve(SRC, dirname(file), spec)),
      )
      return [file, targets]
    }),
  )
}

/** Every import circle, each once, as the files along it (depth-first search, white/grey/black). */
function importCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return cycles
}

describe('src/', () => {
  const files = sourceFiles()

  it('has no two files with the same name', () => {
    const byName = Map.groupBy(files, (file) => basename(file))
    const shared = [...byName.values()].filter((paths) => paths.length > 1)
    expect(shared).toEqual([])
  })

  it('has no import circles', () => {
    const graph = importGraph(files)
    const missing = [...graph.values()].flat().filter((target) => !graph.has(target))
    expect(missing, 'every relative import resolves to a file under src/').toEqual([])
    expect(importCycles(graph)).toEqual([])
  })

  it('lets route declarations (src/api/) import no domain code and no Hono', () => {
    const graph = importGraph(files)
    const declarations = files.filter((file) => file.startsWith('api/'))
    const reaching = declarations.flatMap((file) =>
      (graph.get(file) ?? [])
        .filter((target) => /^(auth|db|http|routes|mail|client|demo)\//.test(target))
        .map((target) => `${file} → ${target}`),
    )
    expect(reaching).toEqual([])
    const hono = declarations.filter((file) =>
      /^(?:import|export)\s[^;'"]*?\bfrom\s*['"]hono[/'"]/m.test(
        readFileSync(join(SRC, file), 'utf8'),
      ),
    )
    expect(hono).toEqual([])
  })

  it('keeps the build-time modules (the OpenAPI document, response schemas) out of the Worker', () => {
    const graph = importGraph(files, true)
    const reached = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      for (const next of graph.get(file) ?? []) visit(next)
    }
    visit('index.ts')
    expect(reached.has('app.ts')).toBe(true)
    const buildTime = [...reached].filter(
      (file) => file === 'api/response-schemas.ts' || file.startsWith('http/openapi/'),
    )
    expect(buildTime).toEqual([])
  })
})

describe('the import reader (so the checks above can fail)', () => {
  it('reads single-line, multi-line, type-only, re-export, bare and dynamic imports', () => {
    const source = [
      "import { a } from './a.ts'",
      'import type {',
      '  B,',
      "} from '../b.ts'",
      "export { c } from './c.ts'",
      "export * from './d.ts'",
      "import './e.ts'",
      "const f = await import('./f.ts')",
      "import { z } from 'zod'",
      " * import { g } from './g.ts' (a comment)",
    ].join('\n')
    expect(relativeImports(source).sort()).toEqual(
      ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts'].sort(),
    )
    expect(relativeImports(source, { runtimeOnly: true }).sort()).toEqual(
      ['./a.ts', './c.ts', './d.ts', './e.ts', './f.ts'].sort(),
    )
  })

  it('finds a circle, and none in a chain', () => {
    const circle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ])
    expect(importCycles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
    const chain = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', []],
    ])
    expect(importCycles(chain)).toEqual([])
  })
})
