/**
 * Fails when the Worker's gzip size exceeds the budget: a size is deterministic where timings
 * are not, so CI can hold the line on it. Builds exactly what `wrangler deploy` would upload
 * (`wrangler deploy --dry-run --outdir`) and gzips it.
 *
 * The performance target is 100 KiB (issue 5); the budget is the measured size plus a little
 * room, because the Neon driver alone is 46 KiB and cannot be tree-shaken, and Drizzle's
 * drivers need at least 19 more (docs/performance.md, "Bundle"). History of the budget:
 * 116 (all of v1); this round's features added, in gzip KiB, mail delivery 2.2, email flows and
 * devices ~5, TOTP ~3, passkeys ~6, while the common-password list moved to a static asset
 * (-9.1) and the Worker stopped using Drizzle's query builder (-4.0): 121.6 measured, 123 budget.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export const BUNDLE_BUDGET_KIB = 123
export const BUNDLE_TARGET_KIB = 100

/** The gzip size in KiB of the bundle wrangler would deploy. */
export function measureBundle(): { rawKiB: number; gzipKiB: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'edge-auth-bundle-'))
  try {
    execFileSync(
      process.execPath,
      ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', outdir],
      {
        stdio: 'ignore',
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      },
    )
    const code = readFileSync(join(outdir, 'index.js'))
    return {
      rawKiB: code.byteLength / 1024,
      gzipKiB: gzipSync(code, { level: 9 }).byteLength / 1024,
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const { rawKiB, gzipKiB } = measureBundle()
  const line = `bundle: ${rawKiB.toFixed(1)} KiB, ${gzipKiB.toFixed(1)} KiB gzip (budget ${BUNDLE_BUDGET_KIB}, target ${BUNDLE_TARGET_KIB})`
  if (gzipKiB > BUNDLE_BUDGET_KIB) {
    console.error(`check-bundle: FAIL: ${line}`)
    process.exit(1)
  }
  console.log(`check-bundle: ${line}`)
}
