/**
 * Starts what the Worker tests talk to, as a separate Node process (scripts/local-db.ts): the
 * local Neon-protocol proxy in front of either the Postgres in TEST_DATABASE_URL (a scratch
 * database per run, dropped afterwards) or embedded PGlite in memory, with migrations applied
 * through the Neon driver.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import type { TestProject } from 'vitest/node'
import { startLocalDb } from '../scripts/local-db-process.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    proxyUrl: string
    faultDatabaseUrl: string
    faultProxyUrl: string
    backend: 'postgres' | 'pglite'
  }
}

export default async function setup(project: TestProject) {
  const testUrl = process.env.TEST_DATABASE_URL
  const args = testUrl ? ['--backend', testUrl, '--scratch', '--fault-proxy'] : ['--fault-proxy']
  const results = process.env.TEST_RESULTS_DIR ?? 'test-results'
  await mkdir(results, { recursive: true })
  // Its log goes next to the suite's console output, which CI scans for secrets.
  await writeFile(`${results}/local-db.log`, '')
  const db = await startLocalDb(args, { logFile: `${results}/local-db.log` })
  project.provide('databaseUrl', db.databaseUrl)
  project.provide('proxyUrl', db.proxyUrl)
  project.provide('faultDatabaseUrl', db.faultDatabaseUrl ?? '')
  project.provide('faultProxyUrl', db.faultProxyUrl ?? '')
  project.provide('backend', db.backend)
  // .ci/run reads this to fail loudly when the Postgres-backed run did not happen.
  await writeFile(`${results}/console.log`, '')
  await writeFile(
    `${results}/backend.json`,
    JSON.stringify({ backend: db.backend, database: db.database }),
  )
  console.log(
    `[global-setup] database: ${db.backend} (${db.database}) behind the Neon proxy at ${db.proxyUrl}`,
  )
  return () => db.stop()
}
