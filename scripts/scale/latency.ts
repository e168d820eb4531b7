/**
 * Latency of login, refresh and `GET /auth/me`, one request at a time (no queueing in the
 * figure), on two services in alternating rounds (so both see the same machine noise): each
 * route `count` times per round after a short warm-up, as p50 and p90 in milliseconds.
 */
import type { Credentials } from '../lib/load/scenarios.ts'

export interface RouteLatency {
  p50: number
  p90: number
  count: number
}

export type Latencies = Record<'login' | 'refresh' | 'me', RouteLatency>

const WARMUP = 5

function summarise(samples: number[]): RouteLatency {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { p50: twoDecimals(at(0.5)), p90: twoDecimals(at(0.9)), count: samples.length }
}

const twoDecimals = (ms: number) => Math.round(ms * 100) / 100

async function timed(count: number, send: () => Promise<Response>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < WARMUP + count; i++) {
    const started = performance.now()
    const response = await send()
    const ms = performance.now() - started
    if (!response.ok)
      throw new Error(`${response.url}: ${response.status} ${await response.text()}`)
    if (i >= WARMUP) samples.push(ms)
  }
  return samples
}

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

type Samples = Record<keyof Latencies, number[]>

/** One round on one service: `counts` requests per route, as raw samples. */
async function oneRound(
  baseUrl: string,
  user: Credentials,
  counts: { login: number; other: number },
): Promise<Samples> {
  const login = await timed(counts.login, () => post(`${baseUrl}/auth/login`, user))
  const session = (await (await post(`${baseUrl}/auth/login`, user)).json()) as {
    token: string
    refreshToken: string
  }
  const me = await timed(counts.other, () =>
    fetch(`${baseUrl}/auth/me`, { headers: { authorization: `Bearer ${session.token}` } }),
  )
  let refreshToken = session.refreshToken
  const refresh = await timed(counts.other, async () => {
    const response = await post(`${baseUrl}/auth/refresh`, { refreshToken })
    if (response.ok) {
      const body = (await response.clone().json()) as { refreshToken: string }
      refreshToken = body.refreshToken
    }
    return response
  })
  return { login, refresh, me }
}

/** `rounds` alternating rounds on every target; each target's samples pooled. */
export async function compareLatencies(
  targets: Record<string, { baseUrl: string; user: Credentials }>,
  counts: { login: number; other: number },
  rounds: number,
): Promise<Record<string, Latencies>> {
  const pooled: Record<string, Samples> = {}
  for (let r = 0; r < rounds; r++)
    for (const [name, { baseUrl, user }] of Object.entries(targets)) {
      const samples = await oneRound(baseUrl, user, counts)
      const into = pooled[name] ?? { login: [], refresh: [], me: [] }
      for (const k of ['login', 'refresh', 'me'] as const) into[k].push(...samples[k])
      pooled[name] = into
    }
  return Object.fromEntries(
    Object.entries(pooled).map(([name, s]) => [
      name,
      { login: summarise(s.login), refresh: summarise(s.refresh), me: summarise(s.me) },
    ]),
  )
}
