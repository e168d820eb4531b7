/** Child processes for the browser test: free loopback ports, and process groups stopped in full. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A port the kernel just handed out on 127.0.0.1 (closed again, so the caller can bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      )
    })
  })
}

export interface Group {
  child: ChildProcess
  /** The last lines of stdout and stderr, for the failure message. */
  output(): string
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once no member is left. */
  stop(graceMs?: number): Promise<void>
}

const OUTPUT_LINES = 60

/** Spawns a command as the leader of its own process group, so stop() reaches its children. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv): Group {
  const child = spawn(command, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES))
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const pgid = child.pid
  return {
    child,
    output: () => lines.join('\n'),
    async stop(graceMs = 10_000) {
      if (pgid === undefined) return
      signalGroup(pgid, 'SIGTERM')
      if (!(await groupGone(pgid, graceMs))) {
        signalGroup(pgid, 'SIGKILL')
        if (!(await groupGone(pgid, 5_000)))
          throw new Error(`process group ${pgid} survived SIGKILL`)
      }
    },
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Polls `kill(-pgid, 0)` until no process of the group is left, for at most `timeoutMs`. */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0)
    } catch {
      return true
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
