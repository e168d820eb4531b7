/**
 * Turns a V8 CPU profile of the unminified Worker bundle into "where does a login's CPU go":
 * self time by area (PBKDF2's deriveBits, other runtime APIs, each npm package, each src/ dir,
 * GC), using esbuild's `// <path>` comments in the bundle to map a line back to its module.
 */

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

export interface Area {
  area: string
  ms: number
  /** Of the active (non-idle) sampled time. */
  share: number
}

export interface Attribution {
  activeMs: number
  idleMs: number
  /** Samples after a gap far longer than the sampling interval: the sampler was starved, and
   * the whole gap would be charged to whatever happened to run next. Left out. */
  droppedMs: number
  areas: Area[]
  functions: Area[]
}

/** For each line of the bundle, the module it came from (esbuild's `// path` headers). */
export function moduleLines(bundle: string): string[] {
  let current = '(bundle)'
  return bundle.split('\n').map((line) => {
    const match = /^\/\/ ((?:node_modules|src|\.\.)\/\S+)$/.exec(line)
    if (match) current = match[1] as string
    return current
  })
}

/** The area of a module path: `npm:<package>` or `src/<dir>`. */
export function areaOf(module: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)
  if (pkg) return `npm:${pkg[1]}`
  const src = /(?:^|\/)src\/([^/]+\/)?/.exec(module)
  if (src) return `src/${src[1] ?? ''}`.replace(/\/$/, '')
  return module
}

const NATIVE: Record<string, string> = {
  deriveBits: 'PBKDF2 (crypto.subtle.deriveBits)',
  '(garbage collector)': 'GC',
  '(program)': 'runtime, unattributed native',
}

function rank(totals: Map<string, number>, active: number): Area[] {
  return [...totals]
    .map(([area, ms]) => ({ area, ms, share: active > 0 ? ms / active : 0 }))
    .sort((a, b) => b.ms - a.ms)
}

/** Self time by area and by function; `intervalUs` is the sampling interval asked for. */
export function attribute(profile: CpuProfile, bundle: string, intervalUs: number): Attribution {
  const lines = moduleLines(bundle)
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const areas = new Map<string, number>()
  const functions = new Map<string, number>()
  let idleMs = 0
  let droppedMs = 0
  const stall = Math.max(20 * intervalUs, 10_000)
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    if (!frame || frame.functionName === '(root)') return
    if (ms * 1000 > stall) droppedMs += ms
    else if (frame.functionName === '(idle)') idleMs += ms
    else {
      const module = frame.url ? (lines[frame.lineNumber] ?? '(bundle)') : ''
      const area = frame.url ? areaOf(module) : (NATIVE[frame.functionName] ?? 'runtime APIs')
      areas.set(area, (areas.get(area) ?? 0) + ms)
      const name = `${frame.functionName || '(anonymous)'}${module ? ` ${module}` : ''}`
      functions.set(name, (functions.get(name) ?? 0) + ms)
    }
  })
  const activeMs = [...areas.values()].reduce((a, b) => a + b, 0)
  return {
    activeMs,
    idleMs,
    droppedMs,
    areas: rank(areas, activeMs),
    functions: rank(functions, activeMs).slice(0, 15),
  }
}
