/**
 * Runs workerd directly on a generated config (never `wrangler dev`, whose Node proxy caps
 * throughput near 1k req/s on these machines) and waits until every socket answers.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { waitForUrls } from '../child-process/ready.ts'
import { spawnChild } from '../child-process/spawn.ts'
import { renderCapnp, type WorkerSpec } from './capnp.ts'

/** The workerd binary of the installed `workerd` package (the one wrangler uses). */
export function workerdBinary(): string {
  return (createRequire(import.meta.url)('workerd') as { default: string }).default
}

export function workerdVersion(): string {
  return execFileSync(workerdBinary(), ['--version'], { encoding: 'utf8' }).trim()
}

export interface WorkerdServer {
  pid: number
  /** Base URL of each worker, by name. */
  urls: Record<string, string>
  /** Milliseconds from spawn until every worker answered its ready request. */
  readyMs: number
  stop(): Promise<void>
}

export interface WorkerdOptions {
  /** Holds the config, the modules (paths in WorkerSpec are relative to it) and workerd.log. */
  dir: string
  workers: WorkerSpec[]
  rateLimitModule: string
  /** Path each worker is probed on until it answers (any status); default `/`. */
  readyPaths?: Record<string, string>
  timeoutMs?: number
  /** Names the config and log files (`<name>.capnp`, `<name>.log`); default `workerd`. */
  name?: string
  /** More `workerd serve` arguments (e.g. `--inspector-addr=...`). */
  args?: string[]
}

/** Writes the config, spawns workerd and resolves once all sockets answer HTTP. */
export async function startWorkerd(options: WorkerdOptions): Promise<WorkerdServer> {
  const name = options.name ?? 'workerd'
  const config = join(options.dir, `${name}.capnp`)
  writeFileSync(config, renderCapnp(options.workers, options.rateLimitModule))
  const log = { file: join(options.dir, `${name}.log`) }
  const started = performance.now()
  const args = ['serve', config, ...(options.args ?? [])]
  const child = spawnChild(workerdBinary(), args, {
    name: `workerd (${name}.capnp)`,
    stdout: log,
    stderr: log,
  })
  const urls = Object.fromEntries(
    options.workers.map((w) => [w.name, `http://127.0.0.1:${w.port}`]),
  )
  const probes = options.workers.map((w) => `${urls[w.name]}${options.readyPaths?.[w.name] ?? '/'}`)
  // Polled every 5 ms: readyMs is the bench's spawn-to-first-response startup figure.
  await waitForUrls(child, probes, { timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 5 })
  const readyMs = performance.now() - started
  return { pid: child.process.pid as number, urls, readyMs, stop: () => child.stop() }
}
