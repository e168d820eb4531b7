/**
 * Startup of a peer on workerd, measured the two ways startup.ts measures ours, each the median
 * of `runs`: the active time of `wrangler check startup`'s CPU profile of the upload, and the
 * time from spawning workerd with only that peer until its ready path first answers.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { WRANGLER_ENV, wranglerBin } from '../lib/workerd/build.ts'
import type { PeerWorker } from './peer-list.ts'
import { type BuiltPeer, type PeerServe, startPeerWorker } from './peer-workers.ts'
import { activeMs } from './startup.ts'

const run = promisify(execFile)

export interface PeerStartup {
  checkStartupMs: number
  checkStartupRunsMs: number[]
  firstResponseMs: number
  firstResponseRunsMs: number[]
}

/** The middle value (the upper one of an even count), as startup.ts takes it. */
export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

/** Both figures for `peer`, `runs` times each. */
export async function measurePeerStartup(
  peer: PeerWorker,
  built: BuiltPeer,
  serve: PeerServe,
  runs: number,
): Promise<PeerStartup> {
  const checkStartupRunsMs: number[] = []
  const firstResponseRunsMs: number[] = []
  for (let i = 0; i < runs; i++) {
    const profile = join(serve.workDir, `peer-${peer.name}-${i}.cpuprofile`)
    await run(
      process.execPath,
      [wranglerBin(), 'check', 'startup', '--worker', built.upload, '--outfile', profile],
      { env: WRANGLER_ENV, maxBuffer: 16 << 20, timeout: 120_000 },
    )
    checkStartupRunsMs.push(activeMs(JSON.parse(readFileSync(profile, 'utf8'))))
    const server = await startPeerWorker(peer, built, serve, `startup-${peer.name}-${i}`)
    await server.stop()
    firstResponseRunsMs.push(server.readyMs)
  }
  return {
    checkStartupMs: median(checkStartupRunsMs),
    checkStartupRunsMs,
    firstResponseMs: median(firstResponseRunsMs),
    firstResponseRunsMs,
  }
}
