/** `npm run loadtest -- --url https://<worker> [options]`: the command line and its defaults. */
import { parseArgs } from 'node:util'

export const LOADTEST_SCENARIOS = ['login', 'me', 'refresh', 'register', 'health'] as const
export type LoadtestScenario = (typeof LOADTEST_SCENARIOS)[number]

export interface LoadtestOptions {
  url: string
  scenarios: LoadtestScenario[]
  connections: number[]
  /** Open loop at this rate instead of stepping connections. */
  rate?: number
  durationS: number
  warmupS: number
  /** Per point: the window ends after this many responses. */
  maxRequests: number
  usersFile?: string
  createUsers: number
  usersOut: string
  ceiling: boolean
  out?: string
  timeoutS: number
  /** Hard bound on the whole run. */
  budgetS: number
}

export const USAGE = `npm run loadtest -- --url https://<worker> [options]
  --scenario <list>     of ${LOADTEST_SCENARIOS.join(',')} (default login)
  --connections <list>  step through these concurrency levels (default 1,4,16)
  --rate <req/s>        hold this open-loop rate instead (evenly spaced requests)
  --duration <s>        seconds measured per point (default 10)
  --max-requests <n>    responses per point at most (default 5000)
  --warmup <s>          seconds of warm-up before each point (default 2)
  --users <file.json>   reuse these users ([{email, password}]) instead of creating any
  --create-users <n>    users to register when --users is not given (default 20)
  --users-out <file>    where created users are written (default .data/loadtest-users-<host>.json)
  --ceiling             measure the CPU of one PBKDF2 run locally in workerd (else an estimate)
  --out <file>          result JSON (default bench/results/loadtest-<date>.json)
  --timeout <s>         per request (default 10)
  --budget <s>          hard time bound of the whole run (default 900)`

/** Parses argv; throws with the usage on a bad or missing option. */
export function parseLoadtestArgs(argv: string[]): LoadtestOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      scenario: { type: 'string', default: 'login' },
      connections: { type: 'string', default: '1,4,16' },
      rate: { type: 'string' },
      duration: { type: 'string', default: '10' },
      'max-requests': { type: 'string', default: '5000' },
      warmup: { type: 'string', default: '2' },
      users: { type: 'string' },
      'create-users': { type: 'string', default: '20' },
      'users-out': { type: 'string' },
      ceiling: { type: 'boolean', default: false },
      out: { type: 'string' },
      timeout: { type: 'string', default: '10' },
      budget: { type: 'string', default: '900' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help || !values.url) throw new Error(USAGE)
  const url = new URL(values.url)
  const scenarios = values.scenario.split(',').map((s) => s.trim())
  const unknown = scenarios.filter((s) => !(LOADTEST_SCENARIOS as readonly string[]).includes(s))
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`)
  return {
    url: url.origin,
    scenarios: scenarios as LoadtestScenario[],
    connections: values.connections.split(',').map((c) => Math.round(positive(c, 'connections'))),
    rate: values.rate === undefined ? undefined : positive(values.rate, 'rate'),
    durationS: positive(values.duration, 'duration'),
    warmupS: nonNegative(values.warmup, 'warmup'),
    maxRequests: Math.round(positive(values['max-requests'], 'max-requests')),
    usersFile: values.users,
    createUsers: Math.round(positive(values['create-users'], 'create-users')),
    usersOut:
      values['users-out'] ?? `.data/loadtest-users-${url.host.replace(/[^\w.-]/g, '_')}.json`,
    ceiling: values.ceiling,
    out: values.out,
    timeoutS: positive(values.timeout, 'timeout'),
    budgetS: positive(values.budget, 'budget'),
  }
}

function positive(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number\n${USAGE}`)
  return n
}

function nonNegative(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0\n${USAGE}`)
  return n
}
