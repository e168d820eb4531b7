/**
 * What the second round's scenarios sign in as, seeded through the service's API before the
 * load: each scenario has its own users, so that a reset (which ends the user's sessions) or a
 * verify (which adds sessions) never changes what another scenario measures. Only the pools the
 * selected scenarios need are made; each account costs the service a PBKDF2 run or two.
 */
import type { Credentials } from '../lib/load/request-source.ts'
import { makeUsers, registerUsers } from '../lib/load/seed.ts'
import { enrolPasskeys, enrolTotp, type TotpEnrolment } from '../lib/load/seed-factors.ts'
import type { PasskeyCeremony, SoftPasskey } from '../lib/load/soft-passkey.ts'
import { readWorkerConfig } from '../lib/workerd/wrangler-config.ts'
import type { ScenarioName } from './args.ts'

export interface ScenarioData {
  /** The local proxy's DATABASE_URL, to insert single-use link tokens with. */
  databaseUrl: string
  resetUsers: Credentials[]
  verifyUsers: Credentials[]
  totp: TotpEnrolment[]
  /** Each TOTP user's last step, carried from run to run (the load generator reports it). */
  totpSteps: number[]
  passkeys: SoftPasskey[]
  ceremony: PasskeyCeremony
}

/**
 * Accounts per pool. TOTP takes a user's code once per 30-second step, and a user has at most
 * two steps free at a time (this one and the next): a round's three TOTP points, warm-ups
 * included, take about 170 logins at 15 logins/s, and a user frees one step every 30 s.
 * Verify: one user per connection at most, as its statement locks the user's row. Reset: a
 * reset voids the user's other links, so a point has one token per reset user: 128 cover 32
 * connections and a few seconds at the PBKDF2-bound rate of about 15 resets a second.
 */
const POOLS = {
  full: { reset: 128, verify: 32, totp: 96, passkey: 4 },
  quick: { reset: 24, verify: 4, totp: 24, passkey: 2 },
}

/** The relying party the service's config names (wrangler.toml WEBAUTHN_*). */
export function ceremonyFromConfig(): PasskeyCeremony {
  const { vars } = readWorkerConfig()
  const origins = String(vars.WEBAUTHN_ORIGINS ?? '').split(',')
  return { rpId: String(vars.WEBAUTHN_RP_ID), origin: (origins[0] ?? '').trim() }
}

/** Seeds the pools `scenarios` need on the service at `baseUrl`. */
export async function seedScenarioData(
  baseUrl: string,
  databaseUrl: string,
  scenarios: ScenarioName[],
  options: { quick: boolean; runId: string },
): Promise<ScenarioData> {
  const size = options.quick ? POOLS.quick : POOLS.full
  const pool = (name: ScenarioName, count: number, tag: string) =>
    scenarios.includes(name) ? makeUsers(count, options.runId, tag) : []
  const [resetUsers, verifyUsers] = [
    pool('reset', size.reset, 'reset'),
    pool('verify', size.verify, 'verify'),
  ]
  await registerUsers(baseUrl, [...resetUsers, ...verifyUsers])
  const ceremony = ceremonyFromConfig()
  const totp = await enrolTotp(baseUrl, pool('login-totp', size.totp, 'totp'))
  const passkeys = await enrolPasskeys(baseUrl, pool('login-passkey', size.passkey, 'pk'), ceremony)
  const totpSteps = totp.map((u) => u.lastStep)
  return { databaseUrl, resetUsers, verifyUsers, totp, totpSteps, passkeys, ceremony }
}
