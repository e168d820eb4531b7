/** What one mutant's run means, and the line the runner prints for it. */
import { relative } from 'node:path'
import type { PreparedMutant } from './apply.ts'
import type { RunOutcome } from './session.ts'

export interface Verdict {
  id: string
  /** killed: a listed test failed with the mutant loaded; error: the run proves nothing. */
  status: 'killed' | 'survived' | 'error'
  seconds: number
  /** The tests that failed (killed), or why the run proves nothing (error). */
  detail: string[]
  tests: string[]
}

export function verdictOf(
  p: PreparedMutant,
  outcome: RunOutcome & { loads: Map<string, number> },
  root: string,
): Verdict {
  const base = {
    id: p.mutant.id,
    seconds: Math.round(outcome.ms / 100) / 10,
    tests: p.tests.map((t) => relative(root, t.file)),
  }
  const unloaded = [...p.code.keys()].filter((file) => !outcome.loads.get(file))
  if (unloaded.length)
    return {
      ...base,
      status: 'error',
      detail: unloaded.map((file) => `${relative(root, file)} was never loaded by these tests`),
    }
  if (outcome.timedOut)
    return { ...base, status: 'killed', detail: ['the tests hung (cancelled at the time limit)'] }
  if (outcome.failures.length) return { ...base, status: 'killed', detail: outcome.failures }
  if (outcome.passed === 0)
    return { ...base, status: 'error', detail: ['no test ran (check `only`)'] }
  return { ...base, status: 'survived', detail: [`${outcome.passed} tests passed`] }
}

export function printVerdict(v: Verdict): void {
  const label = { killed: 'killed  ', survived: 'SURVIVED', error: 'ERROR   ' }[v.status]
  const first = v.detail[0] ?? ''
  const more = v.detail.length > 1 ? ` (+${v.detail.length - 1})` : ''
  console.log(
    `  ${label} ${v.id.padEnd(34)} ${`${v.seconds.toFixed(1)} s`.padStart(7)}  ${first}${more}`,
  )
}
