/** Attributing a CPU profile of the unminified Worker bundle to areas of the code. */
import { describe, expect, it } from 'vitest'
import { areaOf, attribute, moduleLines } from '../../scripts/bench/profile-areas.ts'

const BUNDLE = [
  '// node_modules/hono/dist/compose.js',
  'function dispatch() {}',
  '// src/auth/password-hash.ts',
  'async function derive() {}',
].join('\n')

const frame = (functionName: string, lineNumber = 0, url = '') => ({
  functionName,
  url,
  lineNumber,
})

describe('profile attribution', () => {
  it('maps bundle lines to modules and modules to areas', () => {
    expect(moduleLines(BUNDLE)).toEqual([
      'node_modules/hono/dist/compose.js',
      'node_modules/hono/dist/compose.js',
      'src/auth/password-hash.ts',
      'src/auth/password-hash.ts',
    ])
    expect(areaOf('node_modules/@neondatabase/serverless/index.mjs')).toBe(
      'npm:@neondatabase/serverless',
    )
    expect(areaOf('src/auth/password-hash.ts')).toBe('src/auth')
    expect(areaOf('src/app.ts')).toBe('src')
  })

  it('charges self time by area, leaves idle out, and drops samples after a sampler stall', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('deriveBits') },
        { id: 3, callFrame: frame('dispatch', 1, 'file:///index.js') },
        { id: 4, callFrame: frame('derive', 3, 'file:///index.js') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      samples: [2, 2, 3, 4, 5, 4],
      timeDeltas: [3000, 3000, 1000, 1000, 500, 400_000],
    }
    const result = attribute(profile, BUNDLE, 250)
    expect(result).toMatchObject({ activeMs: 8, idleMs: 0.5, droppedMs: 400 })
    expect(result.areas).toEqual([
      { area: 'PBKDF2 (crypto.subtle.deriveBits)', ms: 6, share: 0.75 },
      { area: 'npm:hono', ms: 1, share: 0.125 },
      { area: 'src/auth', ms: 1, share: 0.125 },
    ])
    expect(result.functions[1]?.area).toBe('dispatch node_modules/hono/dist/compose.js')
  })
})
