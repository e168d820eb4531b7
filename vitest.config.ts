import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/** The secret tests sign with; never used outside tests. */
const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!'

export default defineConfig({
  test: {
    projects: [
      {
        // Tests of the Worker run inside workerd, against Postgres through the real Neon driver
        // and the local Neon-protocol proxy that test/global-setup.ts starts.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                DATABASE_URL: inject<string>('databaseUrl'),
                NEON_LOCAL_PROXY: 'true',
                JWT_SECRET: TEST_JWT_SECRET,
                PROXY_URL: inject<string>('proxyUrl'),
                TEST_BACKEND: inject<string>('backend'),
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
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
    ],
  },
})
