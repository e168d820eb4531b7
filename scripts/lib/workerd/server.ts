/**
 * Runs workerd directly on a generated config (never `wrangler dev`, whose Node proxy caps
 * throughput near 1k req/s on these machines) and waits until every socket answers.
 */
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
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
  const logPath = join(options.dir, `${name}.log`)
  const log = openSync(logPath, 'a')
  const started = performance.now()
  const args = ['serve', config, ...(options.args ?? [])]
  const child = spawn(workerdBinary(), args, { stdio: ['ignore', log, log] })
  closeSync(log)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const urls = Object.fromEntries(
    options.workers.map((w) => [w.name, `http://127.0.0.1:${w.port}`]),
  )
  try {
    await Promise.race([
      Promise.all(
        options.workers.map((w) =>
          waitForHttp(`${urls[w.name]}${options.readyPaths?.[w.name] ?? '/'}`, options.timeoutMs),
        ),
      ),
      exited.then(() => Promise.reject(new Error('workerd exited'))),
    ])
  } catch (error) {
    await stop()
    const tail = readFileSync(logPath, 'utf8').slice(-2000)
    throw new Error(`workerd did not start: ${(error as Error).message}\n${tail}`)
  }
  return { pid: child.pid as number, urls, readyMs: performance.now() - started, stop }
}

async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      return
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer: ${String(error)}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}
