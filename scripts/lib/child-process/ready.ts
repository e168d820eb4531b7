/**
 * Waiting for a child (spawn.ts) to be ready: a line on its stdout, or URLs that answer.
 * Every wait is bounded, and a wait that fails (timeout, the child exited, a bad line) stops the
 * child before it throws, so a caller that gives up leaves nothing running.
 */
import type { Child } from './spawn.ts'

/**
 * The child's first stdout line (its stdout must be 'lines'), passed through `parse`; on a
 * timeout, an exit, or a line `parse` throws on, stops the child and throws.
 */
export function waitForLine<T = string>(
  child: Child,
  timeoutMs: number,
  parse: (line: string) => T = (line) => line as T,
): Promise<T> {
  let unsubscribe = () => {}
  const line = new Promise<T>((resolve, reject) => {
    unsubscribe = child.onLine((text) => {
      unsubscribe()
      try {
        resolve(parse(text))
      } catch (error) {
        reject(new Error(`unexpected output: ${text} (${(error as Error).message})`))
      }
    })
  })
  return readyOrStop(child, timeoutMs, line).finally(unsubscribe)
}

export interface UrlWait {
  timeoutMs: number
  /** Between attempts; short where the time to ready is itself measured. Default 50. */
  intervalMs?: number
  /** Which statuses mean ready; default: any response. */
  accept?: (status: number) => boolean
}

/** Polls every URL until each has answered as `accept` wants; else stops the child and throws. */
export function waitForUrls(child: Child, urls: string[], wait: UrlWait): Promise<void> {
  const abort = new AbortController()
  const last = new Map(urls.map((url) => [url, 'no answer yet']))
  const polls = Promise.all(urls.map((url) => poll(url, wait, abort.signal, last))).then(() => {})
  const pending = () => [...last].map(([url, why]) => `\n  ${url}: ${why}`).join('')
  return readyOrStop(child, wait.timeoutMs, polls, pending).finally(() => abort.abort())
}

/** Fetches `url` until it is ready; `last` says why not, for the error message. */
async function poll(
  url: string,
  wait: UrlWait,
  signal: AbortSignal,
  last: Map<string, string>,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]),
      })
      await response.arrayBuffer()
      if (wait.accept?.(response.status) ?? true) {
        last.delete(url)
        return
      }
      last.set(url, `answered ${response.status}`)
    } catch (error) {
      last.set(url, String((error as Error).cause ?? error))
    }
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs ?? 50))
  }
}

/**
 * `ready`, unless the child exits or `timeoutMs` passes first; on any failure, stops it.
 * `pending` says what was still missing at the timeout.
 */
async function readyOrStop<T>(
  child: Child,
  timeoutMs: number,
  ready: Promise<T>,
  pending: () => string = () => '',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const failure = new Promise<never>((_, reject) => {
    const late = () => reject(new Error(`not ready within ${timeoutMs} ms${pending()}`))
    timer = setTimeout(late, timeoutMs)
    void child.exited.then(() => {
      const { exitCode, signalCode } = child.process
      reject(new Error(`exited (${signalCode ?? `code ${exitCode}`}) before it was ready`))
    })
  })
  try {
    return await Promise.race([ready, failure])
  } catch (error) {
    await child.stop().catch(() => {})
    const output = child.output()
    throw new Error(`${child.name}: ${(error as Error).message}${output ? `\n${output}` : ''}`, {
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
}
