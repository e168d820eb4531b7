/**
 * What each scenario loads and with what data, made just before each point: single-use tokens
 * (refresh, mailed links) get a fresh pool every time; TOTP codes are computed for the steps the
 * point can reach, from each user's last step so far.
 */
import type { PointGroup } from '../lib/load/point.ts'
import type { SourceSpec } from '../lib/load/scenarios.ts'
import { loginTokens } from '../lib/load/seed.ts'
import { codesFor, stepOf } from '../lib/load/totp-codes.ts'
import type { ScenarioName } from './args.ts'
import { issueLinkTokens, type LinkPurpose } from './link-tokens.ts'
import type { MatrixContext } from './matrix-context.ts'
import type { ScenarioData } from './scenario-data.ts'

export interface Plan {
  group: PointGroup
  target: string
  source(ctx: MatrixContext, connections: number): Promise<SourceSpec> | SourceSpec
}

/** The password every reset sets (its users sign in no other way during the bench). */
export const RESET_PASSWORD = 'bench-Reset-9c2e-copper-lantern'

/**
 * Verification tokens per point: the most a point could use at this rate per second (warm-up
 * included). Beyond it the pool runs dry and the window closes early, which the table says.
 * Reset tokens: one per reset user and point, since a reset voids the user's other links.
 */
const VERIFY_RATE = 2500

function data(ctx: MatrixContext): ScenarioData {
  if (!ctx.extras) throw new Error('this scenario needs its seeded users (scenario-data.ts)')
  return ctx.extras
}

async function links(ctx: MatrixContext, purpose: LinkPurpose): Promise<string[]> {
  const d = data(ctx)
  const users = purpose === 'reset_password' ? d.resetUsers : d.verifyUsers
  const count =
    purpose === 'reset_password'
      ? users.length
      : Math.ceil((VERIFY_RATE * (ctx.warmupMs + ctx.durationMs)) / 1000)
  const emails = users.map((u) => u.email)
  return issueLinkTokens(d.databaseUrl, purpose, emails, count)
}

/** TOTP codes for every step from now until the point's own time bound has passed. */
function totpSource(ctx: MatrixContext): SourceSpec {
  const d = data(ctx)
  const from = stepOf(Date.now()) - 1
  const to = stepOf(Date.now() + ctx.warmupMs + ctx.durationMs + 60_000) + 1
  const users = d.totp.map(({ email, password, secret }) => ({
    email,
    password,
    codes: codesFor(secret, from, to),
  }))
  return {
    kind: 'totp',
    path: '/auth/login',
    mfaPath: '/auth/login/mfa',
    users,
    lastSteps: d.totpSteps,
  }
}

const get = (target: string, group: PointGroup = 'baseline', path = '/'): Plan => ({
  group,
  target,
  source: () => ({ kind: 'get', path }),
})
const service = (source: Plan['source']): Plan => ({ group: 'service', target: 'main', source })

export const PLANS: Record<ScenarioName, Plan> = {
  hello: get('hello'),
  pbkdf2: get('pbkdf2'),
  query: get('query'),
  health: get('main', 'service', '/health'),
  login: service((ctx) => ({ kind: 'login', path: '/auth/login', users: ctx.users })),
  me: service((ctx) => ({ kind: 'bearer', path: '/auth/me', tokens: ctx.accessTokens })),
  sessions: service((ctx) => ({
    kind: 'bearer',
    path: '/auth/sessions',
    tokens: ctx.accessTokens,
  })),
  // Twice the connections: a token lost with a cancelled request at the end of warm-up
  // must not leave a connection without one.
  refresh: service(async (ctx, connections) => {
    const pairs = await loginTokens(ctx.urls.main as string, ctx.users, connections * 2 + 4)
    return { kind: 'refresh', path: '/auth/refresh', tokens: pairs.map((p) => p.refreshToken) }
  }),
  register: service((ctx, connections) => ({
    kind: 'register',
    path: '/auth/register',
    emailPrefix: `bench-${ctx.runId}-reg-c${connections}-${Date.now().toString(36)}`,
  })),
  forgot: service((ctx) => ({
    kind: 'forgot',
    path: '/auth/password/forgot',
    emails: ctx.users.map((u) => u.email),
  })),
  reset: service(async (ctx) => ({
    kind: 'link',
    path: '/auth/password/reset',
    tokens: await links(ctx, 'reset_password'),
    newPassword: RESET_PASSWORD,
  })),
  verify: service(async (ctx) => ({
    kind: 'link',
    path: '/auth/email/verify',
    tokens: await links(ctx, 'verify_email'),
  })),
  'login-totp': service(totpSource),
  'login-passkey': service((ctx) => ({
    kind: 'passkey',
    path: '/auth/passkeys/login/options',
    loginPath: '/auth/passkeys/login',
    passkeys: data(ctx).passkeys,
    ...data(ctx).ceremony,
  })),
}
