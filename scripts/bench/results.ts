/** The run's record: versions, and where the JSON and the chart are written. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { workerdBinary } from '../lib/workerd/server.ts'

export const RESULTS_DIR = 'bench/results'

export interface Versions {
  node: string
  workerd: string
  wrangler: string
}

const packageVersion = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string })
    .version

export function versions(): Versions {
  const binary = execFileSync(workerdBinary(), ['--version'], { encoding: 'utf8' }).trim()
  return {
    node: process.version,
    workerd: `${binary} (npm workerd ${packageVersion('workerd')})`,
    wrangler: packageVersion('wrangler'),
  }
}

/**
 * Writes `<dir>/<name>.json` and, unless `latest` is false, `<dir>/latest.json` (+ the SVG).
 * Returns the paths written.
 */
export function writeResults(
  dir: string,
  name: string,
  record: unknown,
  svg: string | undefined,
  latest: boolean,
): string[] {
  mkdirSync(dir, { recursive: true })
  const json = `${JSON.stringify(record, null, 2)}\n`
  const written = [join(dir, `${name}.json`)]
  writeFileSync(written[0] as string, json)
  if (latest) {
    writeFileSync(join(dir, 'latest.json'), json)
    written.push(join(dir, 'latest.json'))
  }
  if (svg) {
    const path = join(dir, latest ? 'latest.svg' : `${name}.svg`)
    writeFileSync(path, svg)
    written.push(path)
  }
  return written
}
