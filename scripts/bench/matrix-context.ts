/** What every load point of the bench draws on: where to send, as whom, and what to measure. */
import type { CpuTarget } from '../lib/load/cpu.ts'
import type { DbCounter } from '../lib/load/db-counter.ts'
import type { Credentials } from '../lib/load/scenarios.ts'
import type { ScenarioData } from './scenario-data.ts'

export interface MatrixContext {
  urls: Record<string, string>
  users: Credentials[]
  /** Access tokens for /auth/me and /auth/sessions, from logins made once. */
  accessTokens: string[]
  runId: string
  cpu: CpuTarget[]
  warmupMs: number
  durationMs: number
  maxRequests: number
  /** The local proxy's request counter: database round trips per request. */
  dbCounter?: DbCounter
  /** The users of the second round's scenarios (reset, verify, TOTP, passkeys). */
  extras?: ScenarioData
}
