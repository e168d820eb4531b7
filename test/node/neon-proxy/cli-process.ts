// The proxy as its own process, as launchers run it: for tests of its command line, and of
// input that must not freeze it (a frozen child can be seen, and killed, from here).
import { type ChildProcess, spawn } from 'node:child_process'

/** A running scripts/neon-proxy/cli.ts. */
export interface Cli {
  child: ChildProcess
  /** Resolves with the parsed first stdout line. */
  ready: Promise<Record<string, unknown>>
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>
}

/** Starts the CLI with only the given environment additions (no inherited DATABASE_URL). */
export function startCli(args: string[], env: Record<string, string> = {}): Cli {
  const { DATABASE_URL: _ignored, NEON_PROXY_PORT: _too, ...base } = process.env
  const child = spawn(process.execPath, ['scripts/neon-proxy/cli.ts', ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d
  })
  const ready = new Promise<Record<string, unknown>>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0] ?? ''))
    })
  })
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, ready, exit }
}
