/** `npm run bench -- [options]`: the command line, with defaults that fit ~15 minutes. */
import { parseArgs } from 'node:util'

export const SERVICE_SCENARIOS = [
  'health',
  'login',
  'me',
  'refresh',
  'register',
  'sessions',
  'forgot',
  'reset',
  'verify',
  'login-totp',
  'login-passkey',
] as const
export const BASELINE_SCENARIOS = ['hello', 'pbkdf2', 'query'] as const
export type ScenarioName = (typeof SERVICE_SCENARIOS)[number] | (typeof BASELINE_SCENARIOS)[number]

export interface BenchOptions {
  durationS: number
  warmupS: number
  connections: number[]
  /** Each load point runs this many times; tables and targets use the median. */
  repeats: number
  scenarios: ScenarioName[]
  pglite: boolean
  peers: boolean
  quick: boolean
  /** Limit of every rate-limit binding, per key per period. */
  rateLimit: number
  users: number
  /** Per load point: the window ends after this many responses. */
  maxRequests: number
  /** Hard bound on the whole run; past it the bench stops everything and exits non-zero. */
  budgetS: number
  startupRuns: number
  /** Seconds of logins under the CPU profiler (0: no profile). */
  profileS: number
}

export const USAGE = `npm run bench -- [options]
  --duration <s>        seconds measured per point (default 3; --quick: 1)
  --warmup <s>          seconds of warm-up before each point (default 1; --quick: 0.5)
  --connections <list>  concurrency levels (default 1,8,32; --quick: 1,4)
  --repeats <n>         runs of every point; tables show the median and min–max, targets
                        count as met only when the median meets them (default 3; --quick: 1)
  --scenarios <list>    of ${[...SERVICE_SCENARIOS, ...BASELINE_SCENARIOS].join(',')} (default all)
  --pglite              embedded PGlite instead of Postgres (TEST_DATABASE_URL / DATABASE_URL /
                        postgres://postgres@127.0.0.1:5432/test, in a scratch database)
  --peers               also the seed article's Fastify+bcrypt login and Better Auth (Postgres)
  --rate-limit <n>      limit of the rate-limit bindings per key and period (default 1e9: off)
  --users <n>           seeded users (default 200; --quick: 20)
  --max-requests <n>    responses per point at most (default 200000)
  --budget <s>          hard time bound of the whole run (default 1500)
  --no-profile          skip the CPU profile of login (on by default, off with --quick)
  --quick               a tiny run, for smoke tests`

const ALL: readonly string[] = [...SERVICE_SCENARIOS, ...BASELINE_SCENARIOS]

/** Parses argv; throws with the usage on a bad option. */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      repeats: { type: 'string' },
      scenarios: { type: 'string' },
      pglite: { type: 'boolean', default: false },
      peers: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'rate-limit': { type: 'string', default: '1000000000' },
      users: { type: 'string' },
      'max-requests': { type: 'string', default: '200000' },
      budget: { type: 'string', default: '1500' },
      profile: { type: 'boolean' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) throw new Error(USAGE)
  const quick = values.quick
  const scenarios = (values.scenarios?.split(',') ?? ALL).map((s) => s.trim())
  const unknown = scenarios.filter((s) => !ALL.includes(s))
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`)
  return {
    durationS: positive(values.duration ?? (quick ? '1' : '3'), 'duration'),
    warmupS: positive(values.warmup ?? (quick ? '0.5' : '1'), 'warmup'),
    connections: (values.connections ?? (quick ? '1,4' : '1,8,32'))
      .split(',')
      .map((c) => Math.round(positive(c, 'connections'))),
    repeats: Math.round(positive(values.repeats ?? (quick ? '1' : '3'), 'repeats')),
    scenarios: scenarios as ScenarioName[],
    pglite: values.pglite,
    peers: values.peers,
    quick,
    rateLimit: positive(values['rate-limit'], 'rate-limit'),
    users: Math.round(positive(values.users ?? (quick ? '20' : '200'), 'users')),
    maxRequests: Math.round(positive(values['max-requests'], 'max-requests')),
    budgetS: positive(values.budget, 'budget'),
    startupRuns: quick ? 1 : 3,
    profileS: (values.profile ?? !quick) ? 5 : 0,
  }
}

function positive(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number\n${USAGE}`)
  return n
}
