/**
 * The one seam the mutant runner (scripts/mutants.ts) needs: a Vite plugin, in every vitest
 * project of vitest.config.ts, that serves the active mutant's text for its files instead of
 * the files on disk. Nothing is ever written to the working tree, so no run, however it ends,
 * can leave a mutated file behind. Inert (it returns nothing) unless the runner set a mutant.
 *
 * vitest.config.ts is bundled and loaded by Vite, so this module has two instances in the
 * runner's process; the active mutant lives on globalThis under a registered symbol, which both
 * instances share.
 */
import type { Plugin } from 'vitest/config'

const ACTIVE = Symbol.for('edge-auth.mutant')

export interface ActiveMutant {
  /** Absolute path → the mutated text of that file. */
  code: Map<string, string>
  /** Absolute path → how often a test environment loaded the mutated text (0: never exercised). */
  loads: Map<string, number>
}

type Slot = { [ACTIVE]?: ActiveMutant | undefined }

export function setActiveMutant(mutant: ActiveMutant | undefined): void {
  ;(globalThis as Slot)[ACTIVE] = mutant
}

export function mutantPlugin(): Plugin {
  return {
    name: 'edge-auth:mutant',
    enforce: 'pre',
    load(id) {
      const active = (globalThis as Slot)[ACTIVE]
      const file = id.split('?')[0] ?? id
      const code = active?.code.get(file)
      if (!active || code === undefined) return undefined
      active.loads.set(file, (active.loads.get(file) ?? 0) + 1)
      return code
    },
  }
}
