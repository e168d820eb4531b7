/**
 * Database round trips per request: the local Neon proxy counts every POST /sql it serves (each
 * one round trip of the service's HTTP driver, a transaction batch included) and answers the
 * count at GET /__stats, behind the same secret as /sql. The load generator reads it when its
 * window opens and when it closes; the difference ÷ the responses in the window is the figure.
 */

/** Where the proxy's counter is, and the connection string that carries its secret. */
export interface DbCounter {
  /** http://127.0.0.1:<port> */
  proxyUrl: string
  databaseUrl: string
}

/** The proxy's POST /sql count now; undefined when it cannot be read (never throws). */
export async function readDbRequests(counter: DbCounter): Promise<number | undefined> {
  try {
    const response = await fetch(`${counter.proxyUrl}/__stats`, {
      headers: { 'neon-connection-string': counter.databaseUrl },
      signal: AbortSignal.timeout(5000),
    })
    if (!response.ok) return undefined
    const { sqlRequests } = (await response.json()) as { sqlRequests?: unknown }
    return typeof sqlRequests === 'number' ? sqlRequests : undefined
  } catch {
    return undefined
  }
}

/** Round trips per response over a window: (after − before) ÷ responses. */
export function perResponse(
  before: number | undefined,
  after: number | undefined,
  responses: number,
): number | undefined {
  if (before === undefined || after === undefined || responses <= 0) return undefined
  return (after - before) / responses
}
