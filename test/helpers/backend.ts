/**
 * Which database the Worker tests run against (test/global-setup.ts). Concurrency claims are
 * only tested where the database is concurrent: PGlite serialises every statement, so a race
 * test there would pass without proving anything. Such tests use `it.skipIf(!ON_POSTGRES)`, so
 * a run without TEST_DATABASE_URL reports them as skipped (and CI, which has Postgres, refuses
 * any skip).
 */
import { testEnv } from './app.ts'

export const ON_POSTGRES = testEnv.TEST_BACKEND === 'postgres'
