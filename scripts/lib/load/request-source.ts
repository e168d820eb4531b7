/**
 * The shape every request source has (scenarios.ts makes them): the requests of one unit of
 * work, in one or more steps, what to do with each answer, and when the source has run dry.
 */

export interface Credentials {
  email: string
  password: string
}

export interface RequestSpec {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

/** A flow's state between its steps (autocannon's per-connection request context). */
export type Flow = Record<string, unknown>

/** What a source wants the next run of the same scenario to start from. */
export interface SourceState {
  /** TOTP: the last time step each user's code was sent for (replay protection). */
  lastSteps?: number[]
}

export interface RequestSource {
  /** Requests in one unit measured: 1, or 2 for a login in two steps. */
  readonly steps: number
  /** The request for `step` of a flow. Step 0 always has one; undefined ends a flow early. */
  next(step?: number, flow?: Flow): RequestSpec | undefined
  /** Takes a step's response; true when the flow goes on to its next step. */
  onResponse(status: number, body: string, step?: number, flow?: Flow): boolean
  /** True once the source had nothing left to send (single-use tokens or users ran out). */
  exhausted(): boolean
  state?(): SourceState
}

const JSON_HEADERS = { 'content-type': 'application/json' }

/** A JSON POST to `path`. */
export const postTo = (path: string, body: unknown): RequestSpec => ({
  method: 'POST',
  path,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
})

export function nonEmpty<T>(items: T[] | undefined, message: string): T[] {
  if (!items || items.length === 0) throw new Error(message)
  return items
}
