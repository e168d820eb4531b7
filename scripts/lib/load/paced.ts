/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate, evenly spaced, whether or
 * not earlier ones have answered (up to `connections` in flight; the rest wait for a socket).
 * Latency runs from the moment a request was due, not from when it was sent, so a stalled server
 * cannot hide its queue (no coordinated omission). autocannon's `overallRate` is not used for
 * this: it releases each second's quota in a burst at the start of the second.
 */
import http from 'node:http'
import https from 'node:https'
import type { RequestSource } from './request-source.ts'
import type { LoadSpec } from './spec.ts'
import { Window } from './window.ts'

const TICK_MS = 2

interface Sender {
  client: typeof http | typeof https
  agent: http.Agent
  source: RequestSource
  window: Window
  baseUrl: string
  timeoutS: number
}

/** Sends the next request; records it in the window when `measured`. Never rejects. */
function send(s: Sender, measured: boolean, due: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = s.source.next() as NonNullable<ReturnType<RequestSource['next']>>
    const req = s.client.request(new URL(request.path, s.baseUrl), {
      method: request.method,
      headers: request.headers,
      agent: s.agent,
      timeout: s.timeoutS * 1000,
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const status = res.statusCode ?? 0
        s.source.onResponse(status, Buffer.concat(chunks).toString())
        if (measured) s.window.record(status, performance.now() - due)
        resolve()
      })
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => {
      if (measured) s.window.fail()
      resolve()
    })
    req.end(request.body)
  })
}

/** Runs warm-up then the window at `spec.rate`; the window counts requests due inside it. */
export async function runPaced(
  spec: LoadSpec & { rate: number },
  source: RequestSource,
  onTick: (w: Window, measuring: boolean) => void,
): Promise<Window> {
  if (source.steps !== 1) throw new Error('the open loop sends one-request scenarios only')
  const client = spec.baseUrl.startsWith('https:') ? https : http
  const agent = new client.Agent({ keepAlive: true, maxSockets: spec.connections })
  const window = new Window(spec.maxRequests, spec.cpu, spec.dbCounter)
  const sender: Sender = { ...spec, client, agent, window, source }
  const inFlight = new Set<Promise<void>>()
  const start = performance.now()
  const windowStart = start + spec.warmupMs
  const windowEnd = windowStart + spec.durationMs
  const ticker = setInterval(() => onTick(window, performance.now() >= windowStart), 1000)
  let windowRequests = 0
  for (let i = 0; ; i++) {
    const due = start + (i * 1000) / spec.rate
    if (due >= windowEnd || windowRequests >= spec.maxRequests) break
    const wait = due - performance.now()
    if (wait > TICK_MS) await new Promise((resolve) => setTimeout(resolve, wait))
    const measured = due >= windowStart
    if (measured && windowRequests++ === 0) window.start()
    const sent = send(sender, measured, due)
    inFlight.add(sent)
    void sent.then(() => inFlight.delete(sent))
  }
  await Promise.all(inFlight)
  window.end()
  clearInterval(ticker)
  agent.destroy()
  return window
}
