/**
 * A login with TOTP on, as a client does it: the password step (403 `mfa_required` with an
 * mfaToken), then the code step. The service takes each user's code once per 30-second step,
 * and only for a later step than the last one it took (RFC 6238 §5.2; src/auth/totp/totp-code.ts),
 * so the flow rotates over many users, never runs two flows of one user at once, and keeps each
 * user's last step across runs (sent back to the bench as the source's state).
 */
import { type Credentials, nonEmpty, postTo, type RequestSource } from './request-source.ts'
import { stepOf } from './totp-codes.ts'

export interface TotpUser extends Credentials {
  /** The user's codes by time step, computed by the bench for the steps a run can reach. */
  codes: Record<string, string>
}

export interface TotpFlowSpec {
  kind: 'totp'
  /** The password step (`/auth/login`). */
  path: string
  /** The code step (`/auth/login/mfa`). */
  mfaPath: string
  users: TotpUser[]
  /** The last step each user's code was accepted (or sent) for, by index of `users`. */
  lastSteps: number[]
}

/** A GET that changes nothing, sent only once no user can log in (its answer is not counted). */
const IDLE = { method: 'GET', path: '/health', headers: {} } as const

/** The two-step source; `now` is the clock the service's window is computed from. */
export function createTotpFlow(spec: TotpFlowSpec, now: () => number = Date.now): RequestSource {
  const users = nonEmpty(spec.users, 'totp needs users with TOTP on')
  const last = users.map((_, i) => spec.lastSteps[i] ?? 0)
  const busy = new Set<number>()
  let cursor = 0
  let dry = false
  /** The next free user whose code for a step the service will still take, and that step. */
  const pick = () => {
    const current = stepOf(now())
    for (let k = 0; k < users.length; k++) {
      const i = (cursor + k) % users.length
      // current or current + 1, never current - 1: a flow that crossed a step boundary on
      // its way would find that code outside the service's window of one step either side.
      const step = Math.max((last[i] as number) + 1, current)
      if (busy.has(i) || step > current + 1 || !users[i]?.codes[step]) continue
      cursor = i + 1
      return { i, step }
    }
    return undefined
  }
  return {
    steps: 2,
    next(step = 0, flow = {}) {
      if (step === 0) {
        const picked = pick()
        if (!picked) {
          dry = true
          return { ...IDLE }
        }
        busy.add(picked.i)
        last[picked.i] = picked.step
        Object.assign(flow, { user: picked.i, step: picked.step })
        const { email, password } = users[picked.i] as TotpUser
        return postTo(spec.path, { email, password })
      }
      const user = users[flow.user as number]
      if (typeof flow.mfaToken !== 'string' || !user) return undefined
      return postTo(spec.mfaPath, {
        mfaToken: flow.mfaToken,
        code: user.codes[flow.step as number],
      })
    },
    onResponse(status, body, step = 0, flow = {}) {
      if (step === 0 && status === 403) {
        const details = (JSON.parse(body) as { details?: { mfaToken?: unknown } }).details
        if (typeof details?.mfaToken === 'string') {
          flow.mfaToken = details.mfaToken
          return true
        }
      }
      if (typeof flow.user === 'number') busy.delete(flow.user)
      return false
    },
    exhausted: () => dry,
    state: () => ({ lastSteps: [...last] }),
  }
}
