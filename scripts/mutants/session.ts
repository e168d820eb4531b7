/**
 * One vitest instance for the whole mutant run (vitest's Node API): the global setup (local
 * database, Neon proxy) starts once, modules are transformed once, and each run after a mutant
 * is switched re-transforms only the mutated files. The fs module cache is off: it is keyed by
 * the text on disk, which a mutant served from memory does not change.
 */
import { createVitest, type TestModule, type TestSpecification, type Vitest } from 'vitest/node'
import type { Project } from './apply.ts'
import { setActiveMutant } from './plugin.ts'

export interface RunOutcome {
  /** Full names of the tests that failed, then module and unhandled errors. */
  failures: string[]
  passed: number
  skipped: number
  ms: number
  /** The run was cancelled at its time limit. */
  timedOut: boolean
}

export interface Session {
  /** Runs these test files (absolute paths) with `code` served instead of the files on disk. */
  run(
    tests: { project: Project; file: string }[],
    options: { code?: Map<string, string>; only?: string | undefined; timeoutMs: number },
  ): Promise<RunOutcome & { loads: Map<string, number> }>
  close(): Promise<void>
}

/** A reporter that prints nothing: the runner reports per mutant. */
const QUIET = {}

export async function openSession(projects: Project[]): Promise<Session> {
  const vitest: Vitest = await createVitest('test', {
    watch: false,
    project: projects,
    reporters: [QUIET],
    fsModuleCache: false,
  })
  await vitest.standalone()
  const all = await vitest.globTestSpecifications()
  const specsFor = (tests: { project: Project; file: string }[]): TestSpecification[] =>
    tests.map(({ project, file }) => {
      const spec = all.find((s) => s.moduleId === file && s.project.name === project)
      if (!spec) throw new Error(`vitest does not know ${file} in project ${project}`)
      return spec
    })

  return {
    async run(tests, options) {
      const code = options.code ?? new Map<string, string>()
      const loads = new Map<string, number>()
      const started = Date.now()
      setActiveMutant({ code, loads })
      for (const file of code.keys()) vitest.invalidateFile(file)
      if (options.only) vitest.setGlobalTestNamePattern(new RegExp(options.only))
      else vitest.resetGlobalTestNamePattern()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        void vitest.cancelCurrentRun('keyboard-input')
      }, options.timeoutMs)
      try {
        const specs = specsFor(tests)
        const result = await vitest.runTestSpecifications(specs)
        // The result holds every module vitest has run so far; keep this run's.
        const ran = result.testModules.filter((module) =>
          specs.some(
            (s) => s.moduleId === module.moduleId && s.project.name === module.project.name,
          ),
        )
        return {
          ...summarise(ran, result.unhandledErrors),
          loads,
          timedOut,
          ms: Date.now() - started,
        }
      } finally {
        clearTimeout(timer)
        setActiveMutant(undefined)
        // The next run gets the files on disk again.
        for (const file of code.keys()) vitest.invalidateFile(file)
      }
    },
    close: () => vitest.close(),
  }
}

function summarise(modules: TestModule[], unhandled: unknown[]) {
  const failures: string[] = []
  let passed = 0
  let skipped = 0
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state
      if (state === 'failed') failures.push(`${module.relativeModuleId} > ${test.fullName}`)
      else if (state === 'passed') passed++
      else skipped++
    }
    for (const error of module.errors())
      failures.push(`${module.relativeModuleId}: ${error.name ?? 'Error'}: ${error.message}`)
  }
  for (const error of unhandled)
    failures.push(`unhandled: ${error instanceof Error ? error.message : String(error)}`)
  return { failures, passed, skipped }
}
