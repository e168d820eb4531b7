/** The run's record: machine and versions, and where the JSON and the chart are written. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { workerdBinary } from './workerd.ts'

export const RESULTS_DIR = 'bench/results'

export interface MachineInfo {
  cpu: string
  cores: number
  memoryGiB: number
  kernel: string
}

export interface Versions {
  node: string
  workerd: string
  wrangler: string
}

export function machineInfo(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
  }
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

/** A file-name-safe UTC timestamp, e.g. 2026-11-27T09-30-00Z. */
export function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
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
