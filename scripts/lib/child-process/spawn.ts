/**
 * One way to run a server-like child (the local database, workerd, wrangler dev, a peer): spawn
 * it, keep its recent output, and stop it (stop.ts: SIGTERM, then SIGKILL after a bound).
 * Children still running when this process exits get SIGTERM, so a script that ends early (a
 * time budget, an uncaught error) leaves none behind. Waiting for readiness is in ready.ts.
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { signal, stopProcess } from './stop.ts'

/** Where stdout or stderr goes: ours, nowhere, kept in memory (last lines), or a log file. */
export type Output = 'inherit' | 'ignore' | 'lines' | { file: string }

export interface SpawnOptions {
  /** Names the child in error messages. */
  name: string
  env?: NodeJS.ProcessEnv
  /** 'pipe' holds its stdin open: a child that stops on EOF then also stops if we die. */
  stdin?: 'ignore' | 'pipe'
  /** Default 'lines' (readable with onLine); stderr defaults to 'inherit'. */
  stdout?: Output
  stderr?: Output
  /** Leader of its own process group, so that stop() reaches its children too. */
  group?: boolean
}

export interface Child {
  name: string
  process: ChildProcess
  /** Resolves once the child has exited or failed to spawn (never rejects). */
  exited: Promise<void>
  /** Recent output ('lines' streams, and the end of its log file), for error messages. */
  output(): string
  /** Calls `listener` with each line of a 'lines' stdout; returns the way to stop listening. */
  onLine(listener: (line: string) => void): () => void
  /** SIGTERM, then SIGKILL after `graceMs`; throws if even SIGKILL leaves it running. */
  stop(graceMs?: number): Promise<void>
}

const KEPT_LINES = 60
/** Children not yet stopped, and whether each leads a process group. */
const running = new Map<Child, boolean>()
let exitHooked = false

/** Starts `command`; see SpawnOptions for where its output goes. */
export function spawnChild(command: string, args: string[], options: SpawnOptions): Child {
  const group = options.group ?? false
  const outputs: [Output, Output] = [options.stdout ?? 'lines', options.stderr ?? 'inherit']
  const fds: number[] = []
  const target = (o: Output): 'pipe' | 'ignore' | 'inherit' | number => {
    if (typeof o === 'string') return o === 'lines' ? 'pipe' : o
    fds.push(openSync(o.file, 'a'))
    return fds.at(-1) as number
  }
  const stdio: StdioOptions = [options.stdin ?? 'ignore', target(outputs[0]), target(outputs[1])]
  const child = spawn(command, args, { env: options.env ?? process.env, detached: group, stdio })
  // The child has its own copies of the log descriptors.
  for (const fd of fds) closeSync(fd)
  const lines = readLines(child)
  const logFile = outputs.find((o): o is { file: string } => typeof o === 'object')?.file
  const handle: Child = {
    name: options.name,
    process: child,
    exited: lines.exited,
    output: () => [...lines.kept, logFile ? tail(logFile) : ''].filter(Boolean).join('\n'),
    onLine: lines.onLine,
    async stop(graceMs = 10_000) {
      await stopProcess(child, lines.exited, { group, graceMs, name: options.name })
      running.delete(handle)
    },
  }
  if (!group) void lines.exited.then(() => running.delete(handle))
  if (!exitHooked) process.once('exit', signalAll)
  exitHooked = true
  running.set(handle, group)
  return handle
}

/**
 * Reads the child's piped streams to the end (a full pipe would block a child that keeps
 * writing), keeping the last lines; stdout lines also go to the onLine listeners.
 */
function readLines(child: ChildProcess) {
  const kept: string[] = []
  const keep = (line: string) => {
    kept.push(line)
    kept.splice(0, Math.max(0, kept.length - KEPT_LINES))
  }
  const listeners = new Set<(line: string) => void>()
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line)
      for (const listener of listeners) listener(line)
    })
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    // A command that cannot start (ENOENT, EACCES) emits 'error' and may never emit 'exit'.
    child.once('error', (error) => {
      keep(String(error))
      resolve()
    })
  })
  const onLine = (listener: (line: string) => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  return { kept, exited, onLine }
}

/** On our exit, what still runs gets SIGTERM: it may still clean up (drop a scratch database). */
function signalAll(): void {
  for (const [child, group] of running) signal(child.process, 'SIGTERM', group)
}

/** The end of a log file, or nothing when it cannot be read. */
function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000)
  } catch {
    return ''
  }
}
