/**
 * The load generator's process: it receives one LoadSpec over IPC, runs it (closed loop with
 * autocannon, or open loop at a fixed rate), reports progress each second and the result once,
 * then exits. Running apart from the bench or load test keeps the generator's CPU out of theirs.
 */
import { runClosed } from './closed.ts'
import { runPaced } from './paced.ts'
import { createRequestSource } from './scenarios.ts'
import type { LoadMessage, LoadSpec } from './spec.ts'
import type { Window } from './window.ts'

const send = (message: LoadMessage) =>
  new Promise<void>((resolve) =>
    process.send ? process.send(message, () => resolve()) : resolve(),
  )

const started = performance.now()
function tick(window: Window, measuring: boolean): void {
  void send({
    type: 'progress',
    phase: measuring ? 'measure' : 'warmup',
    requests: window.size,
    ok: window.okCount,
    elapsedMs: performance.now() - started,
  })
}

process.once('message', async (spec: LoadSpec) => {
  try {
    const source = createRequestSource(spec.source)
    const window =
      spec.rate !== undefined
        ? await runPaced({ ...spec, rate: spec.rate }, source, tick)
        : await runClosed(spec, source, tick)
    await window.settle()
    await send({ type: 'result', result: window.result(), state: source.state?.() })
    process.exit(0)
  } catch (error) {
    await send({ type: 'error', message: (error as Error).message })
    process.exit(1)
  }
})
