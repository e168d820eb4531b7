import { appendFileSync, mkdirSync } from 'node:fs'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { unstable_readConfig } from 'wrangler'
import { mutantPlugin } from './scripts/mutants/plugin.ts'
import { e2eProject } from './test/e2e/project.ts'

/** Where the run leaves its results (the mutant runner keeps its own, test-results/mutants). */
const RESULTS = process.env.TEST_RESULTS_DIR ?? 'test-results'
/** Every console line of the suite, for the secrets scan in scripts/ci-verify.ts. */
const CONSOLE_LOG = `${RESULTS}/console.log`
mkdirSync(RESULTS, { recursive: true })

/**
 * wrangler.toml's [vars], given again as bindings: the Workers pool also loads the developer's
 * .dev.vars, and bindings given here win, so no local override changes what the suite tests.
 */
const WRANGLER = unstable_readConfig({ config: 'wrangler.toml' }, { hideWarnings: true })
const WRANGLER_VARS = WRANGLER.vars as Record<string, string>
/** wrangler.toml's own per-IP limit, as DEPLOYED_RATE_LIMITER: a test checks what it does. */
const DEPLOYED_LIMIT = (
  WRANGLER.ratelimits as { name: string; simple: { limit: number; period: 10 | 60 } }[] | undefined
)?.find((r) => r.name === 'AUTH_RATE_LIMITER')?.simple

/** The secrets tests use; never used outside tests. */
const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!'
const TEST_LOCKOUT_SECRET = 'test-lockout-key-of-32-bytes-or-more: 7f3c9a'
const TEST_MFA_KEY = 'test:ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM'

export default defineConfig({
  test: {
    // The app's JSON request lines are kept in a file rather than printed: there are thousands.
    onConsoleLog(log) {
      appendFileSync(CONSOLE_LOG, log.endsWith('\n') ? log : `${log}\n`)
      return !log.startsWith('{"level"')
    },
    projects: [
      {
        // Tests of the Worker run inside workerd, against Postgres through the real Neon driver
        // and the local Neon-protocol proxy that test/global-setup.ts starts.
        plugins: [
          // Inert unless `npm run test:mutants` sets a mutant (scripts/mutants/plugin.ts).
          mutantPlugin(),
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...WRANGLER_VARS,
                // Secrets a .dev.vars may hold but the suite does not use unless a test says so.
                JWT_PRIVATE_KEYS: '',
                PASSWORD_PEPPER: '',
                DATABASE_URL: inject<string>('databaseUrl'),
                NEON_LOCAL_PROXY: 'true',
                JWT_SECRET: TEST_JWT_SECRET,
                LOCKOUT_SECRET: TEST_LOCKOUT_SECRET,
                MFA_ENCRYPTION_KEY: TEST_MFA_KEY,
                PROXY_URL: inject<string>('proxyUrl'),
                FAULT_DATABASE_URL: inject<string>('faultDatabaseUrl'),
                FAULT_PROXY_URL: inject<string>('faultProxyUrl'),
                TEST_BACKEND: inject<string>('backend'),
                // One PBKDF2 call per hash instead of wrangler.toml's six: the suite registers
                // thousands of users; test/routes/password-chain.test.ts runs the 600,000 default.
                PASSWORD_ITERATIONS: '100000',
              },
              // Most tests send many requests from "no client IP" (one shared bucket): give the
              // app's limiter room, and the rate-limit tests a strict one of their own.
              ratelimits: {
                AUTH_RATE_LIMITER: { namespace_id: '1001', simple: { limit: 100_000, period: 60 } },
                REFRESH_RATE_LIMITER: {
                  namespace_id: '1003',
                  simple: { limit: 100_000, period: 60 },
                },
                STRICT_RATE_LIMITER: { namespace_id: '1002', simple: { limit: 3, period: 60 } },
                ...(DEPLOYED_LIMIT && {
                  DEPLOYED_RATE_LIMITER: { namespace_id: '1004', simple: DEPLOYED_LIMIT },
                }),
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.ts'],
          exclude: ['test/node/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [mutantPlugin()],
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // Starting PGlite (the proxy tests' backend) takes over 10 s on a busy 2-core machine.
          hookTimeout: 30_000,
        },
      },
      // The browser test (test/e2e/): skipped (never silently: CI sets REQUIRE_E2E) without Chromium.
      e2eProject(),
    ],
  },
})
