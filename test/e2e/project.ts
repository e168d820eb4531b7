/**
 * The vitest project `e2e` (vitest.config.ts): the browser test in test/e2e/, in Node. Without
 * Chromium its tests are reported as skipped (demo.e2e.ts), and this says why in one line;
 * REQUIRE_E2E=1 (CI) runs them anyway, so a missing browser fails loudly.
 */
import type { TestProjectConfiguration } from 'vitest/config'
import { chromiumMissing } from './browser.ts'

export function e2eProject(): TestProjectConfiguration {
  const missing = chromiumMissing()
  const run = !missing || process.env.REQUIRE_E2E === '1'
  // vitest loads its config more than once per run; say it once.
  if (!run && !process.env.EDGE_AUTH_E2E_NOTICE) {
    process.env.EDGE_AUTH_E2E_NOTICE = '1'
    console.log(`e2e: the browser test is skipped: ${missing} (REQUIRE_E2E=1 to require it)`)
  }
  return {
    test: {
      name: 'e2e',
      include: ['test/e2e/**/*.e2e.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 180_000,
    },
  }
}
